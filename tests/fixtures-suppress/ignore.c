/* assay: ignore */
int all(int a, int b) { if (a && b) return 1; return 0; }

int only_ccn(int a, int b) /* assay: ignore[ccn] */
{
	if (a) { if (b) return 1; }
	return 0;
}

int forgiven(int a, int b)
{
	/* #lizard forgives */
	if (a && b) return 1;
	return 0;
}

int plain(int a, int b) { if (a && b) return 1; return 0; }
