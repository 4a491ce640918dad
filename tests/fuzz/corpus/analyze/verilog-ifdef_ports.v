 module core (
  input clk,
`ifdef TRACE
  output trace,
`endif
  output reg q
);
  always @(posedge clk)
    q <= ~q;

  function f(input a);
    f = a || q;
  endfunction
endmodule
