fn main() {
	let s = "é名前😀"; let x: i32 = undefined_a;
	let y: u8 = "a";
}
