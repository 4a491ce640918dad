	// TopLevel.cs -- top-level statements belong to no unit
using System;

var total = args.Length > 0 ? int.Parse(args[0]) : 0;
if (total > 3)
    Console.WriteLine(Twice(total));

int Twice(int x) => x * 2;

Action hello = () => Console.WriteLine("hi");
args.ToList().ForEach(a => { if (a == "") return; });
