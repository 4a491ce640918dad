 module broken;
  function int ok(input int a);
    return a;
  endfunction

  always @(posedge clk) begin
    if (a) q <= = 1;
  end
endmodule
