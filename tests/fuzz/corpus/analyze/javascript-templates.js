// Template literal substitutions are code; the text around them is one token per piece.
function badge(user) {
  return `<b>${user.admin ? "admin" : user.name}</b>`;
}

const greet = (name) => `hi ${name}`;

function list(items) {
  return `${items.length}: ${items.map((i) => i.ok && i.name).join(", ")}`;
}

const page = `
  <p>
  ${greet("x")}
`;
