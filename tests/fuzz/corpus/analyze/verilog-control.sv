 module ctl (input clk, input [1:0] s, output reg [3:0] q);

  function automatic int pick(input int x, input int y);
    if (x > 0 && y > 0)
      return 1;
    else if (x < 0 || y < 0)
      return 2;
    else
      pick = x ? y : 0;
  endfunction

  always_ff @(posedge clk) begin
    case (s)
      2'b00: q <= 4'h1;
      2'b01, 2'b10: q <= 4'h2;
      default: q <= 4'h0;
    endcase
  end

  task automatic spin(input int n);
    for (int i = 0; i < n; i++) begin
      while (q != 0)
        if (q[0]) break;
    end
    repeat (2) q = 0;
    forever #1 q = ~q;
  endtask

endmodule
