﻿enum Color {
  Red,
  Green,
}

export const paint = (c: Color): string => {
  return c === Color.Red ? "red" : "green";
};

/** Returns the shared colour, if any. */
export function mix(a: Color, b: Color): Color | null {
  if (a === b) return a;
  return null;
}