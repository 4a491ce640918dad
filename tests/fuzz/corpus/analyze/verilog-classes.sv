 class C;
  extern function int g(int a);
  pure virtual function void h();
endclass
function int C::g(int a);
  do a--; while (a > 0);
  foreach (q[i]) a++;
  casez (a)
    4'b1???: a = 1;
  endcase
  case (a) inside
    [0:3]: a = 2;
    default: a = 3;
  endcase
  return g(a - 1);
endfunction
module m;
  function automatic int fact(int n);
    return n < 2 ? 1 : n * fact(n - 1);
  endfunction
endmodule
