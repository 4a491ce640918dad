 module p;
  // Verilog-1995 ports declared in the body: a, b, c
  task old_style;
    input a, b;
    output c;
    c = a & b;
  endtask

  function [7:0] none;
    none = 8'hFF;
  endfunction

  function automatic int ansi(input int x, output int y, int z);
    y = x + z;
  endfunction
endmodule
