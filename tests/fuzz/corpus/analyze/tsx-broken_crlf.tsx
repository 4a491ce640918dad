type Item = { id: number; name: string };

export function Row({ item }: { item: Item }) {
  return <td>{item.name || "?"}</td>;
}

export function Broken({ items }: { items: Item[] }) {
  const n: number = items.length + ;
  return <p>{n}</p>;
}

// the table
export const Table = ({ items }: { items: Item[] }) => {
  for (const it of items) {
    if (it.id < 0) return null;
  }
  return <table>{items.map((it) => <Row key={it.id} item={it} />)}</table>;
};
