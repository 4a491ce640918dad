	// Classes.cs -- scopes and names
using System;

namespace Outer.Inner
{
    public interface IShape
    {
        double Area();
        string Name => "shape";
        int Sides { get; }
    }

    public abstract class Shape : IShape, IComparable
    {
        private int id;
        public int Id { get; set; } = 7;
        public abstract double Area();
        public virtual string Name => GetType().Name;
        public int Sides
        {
            get { return id > 0 ? id : 0; }
            set => id = value < 0 ? 0 : value;
        }
        public int this[int i] => i == 0 ? id : -1;
        public string this[string k]
        {
            get { return k ?? ""; }
        }
        public event EventHandler Changed
        {
            add { handler += value; }
            remove { handler -= value; }
        }
        int IComparable.CompareTo(object o) => o is Shape s ? id.CompareTo(s.id) : 1;
        public static Shape operator +(Shape a, Shape b) => a;
        public static bool operator true(Shape a) => a.id != 0;
        public static explicit operator int(Shape s) => s.id;
        protected Shape() { }
        static Shape() { Count = 0; }
        ~Shape() { Count--; }
        partial void Hook();
        public T Pick<T>(T a, T b) where T : class => a ?? b;

        struct Point
        {
            public Point(int x) { X = x; }
            public int X { get; }
        }

        record Pair(int A, int B)
        {
            public int Sum() => A + B;
        }
    }
}
