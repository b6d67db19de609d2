import { bad } from "./other";
const s: string = "é名前😀"; const x: number = undefinedA;
const t = "	名"; let y: { a: { b: number } } = { a: { b: "s" } };
let g: (v: number) => string = (v: string) => 1;
export { s, x, t, y, g, bad };
