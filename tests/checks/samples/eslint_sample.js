const s = "é名前😀"; const x = undefinedA;
let unused = 1;
