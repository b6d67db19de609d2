#include "hdr.h"
int main(void) {
	const char *s = "é名前😀"; int x = undefined_a;
	int unused;
	return 0
}
