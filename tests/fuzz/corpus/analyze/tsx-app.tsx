import React, { useState } from "react";

interface Props<T> {
  items: T[];
  render: (item: T) => React.ReactNode;
  empty?: string;
}

export function List<T>({ items, render, empty }: Props<T>) {
  if (items.length === 0) {
    return <p>{empty ?? "Nothing here"}</p>;
  }
  return <ul>{items.map((item, i) => <li key={i}>{render(item)}</li>)}</ul>;
}

export const Counter = ({ start = 0 }: { start?: number }) => {
  const [count, setCount] = useState(start);
  const increment = () => setCount((c) => (c < 10 ? c + 1 : c));
  return (
    <button onClick={increment} disabled={count >= 10 || count < 0}>
      {count > 0 ? `Clicked ${count}` : "Click"}
    </button>
  );
};

const pick = <T,>(a: T, b: T, first: boolean): T => (first ? a : b);

export class Toggle extends React.Component<{ label: string }, { on: boolean }> {
  state = { on: false };

  flip = (): void => {
    this.setState((s) => ({ on: !s.on }));
  };

  render() {
    const { on } = this.state;
    // a JSX ternary
    return on && this.props.label ? <b onClick={this.flip}>{this.props.label}</b> : null;
  }
}
