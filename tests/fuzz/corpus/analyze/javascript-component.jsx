import React from "react";

export function Badge({ label, count }) {
  return (
    <span className="badge">
      {label}
      {count > 0 && <b>{count}</b>}
      {count > 99 ? "99+" : count}
    </span>
  );
}

export const List = ({ items }) => (
  <ul>
    {items.map((item) => (
      <li key={item.id}>{item.done ? "✓" : item.name}</li>
    ))}
  </ul>
);

export default class Panel extends React.Component {
  state = { open: false };

  toggle = () => {
    this.setState({ open: !this.state.open });
  };

  constructor(props) {
    super(props);
    this.title = props.title || "Panel";
  }

  get isOpen() {
    return this.state.open;
  }

  set isOpen(value) {
    this.setState({ open: Boolean(value) });
  }

  static create(props) {
    return new Panel(props ?? {});
  }

  render() {
    if (!this.isOpen) {
      return null;
    }
    // JSX below is code
    return <div onClick={this.toggle}>{this.title}</div>;
  }
}
