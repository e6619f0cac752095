// spdx-expression-parse ships no types; it throws on an invalid expression, which is all we use.
declare module 'spdx-expression-parse' {
  function parse(expression: string): unknown;
  export default parse;
}
