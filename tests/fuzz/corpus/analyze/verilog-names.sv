 package pkg;
  function int twice(int a);
    return 2 * a;
  endfunction
endpackage

module top;
  always @* begin : decode
  end
  initial fill: begin
  end
  generate
    for (genvar g = 0; g < 2; g++) begin : lane
      always_comb begin
      end
    end
    if (1) begin
      final begin
      end
    end
  endgenerate
endmodule

class Counter;
  function new();
  endfunction
  task tick;
  endtask
endclass
