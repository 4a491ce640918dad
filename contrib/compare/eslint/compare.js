#!/usr/bin/env node
/*
 * compare.js - how far assay's JS/TS `ccn` agrees with ESLint's `complexity` rule.
 *
 *   node compare.js [--assay PATH] [--assay-option OPT]... [--sample N] [--list] DIR...
 *
 * Runs `assay --format=json --units=each` over each DIR, then ESLint's Linter (the
 * built-in `complexity` rule at ["warn", 0], so every function is reported) over the
 * JavaScript/TypeScript/TSX files assay parsed (status "ok" or "partial"). Functions are matched
 * by file + start line + start column (ESLint reports a function at its "head": the `=>`
 * of an arrow, the key of a method; a small extra rule maps each head back to where the
 * function starts, as assay's units do). Prints recall (ESLint functions that exist as
 * assay units), the share with equal CCN, and samples of the disagreements by class.
 * Class-field initializers (ESLint's implicit functions around `x = expr` in a class body)
 * are not assay units and are counted apart. Not a build or test dependency: see README.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const { Linter } = require("eslint");
const tsParser = require("@typescript-eslint/parser");

const EXTENSIONS = /\.(js|jsx|mjs|cjs|ts|mts|cts|tsx)$/;

function parseArgs(argv) {
	const opts = { assay: "assay", assayOptions: [], sample: 5, list: false, dirs: [] };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === "--assay") opts.assay = argv[++i];
		else if (argv[i] === "--assay-option") opts.assayOptions.push(argv[++i]);
		else if (argv[i] === "--sample") opts.sample = Number(argv[++i]);
		else if (argv[i] === "--list") opts.list = true;
		else opts.dirs.push(argv[i]);
	}
	if (opts.dirs.length === 0) {
		process.stderr.write("usage: compare.js [--assay PATH] [--assay-option OPT]... " +
			"[--sample N] [--list] DIR...\n");
		process.exit(2);
	}
	return opts;
}

/* assay's units of every JS/TS/TSX file under dir that has a tree (status "ok" or
 * "partial": tree-sitter could not parse all of it), by absolute path. */
function assayUnits(opts, dir, stats) {
	const args = ["--format=json", "--units=each", "-j2", "--no-cache", ...opts.assayOptions, dir];
	let out;
	try {
		out = execFileSync(opts.assay, args,
			{ maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });
	} catch (e) {
		out = e.stdout;	/* violations make assay exit non-zero; the report is complete */
	}
	const report = JSON.parse(out.toString());
	const files = new Map();
	for (const f of report.files) {
		if (!/^(javascript|typescript|tsx)$/.test(f.language || "")) continue;
		if (f.status === "partial") stats.assayPartial++;
		else if (f.status !== "ok") continue;
		files.set(path.resolve(dir, f.path), f.units);
	}
	return files;
}

/* Where a function starts the way a tree-sitter unit does: a method (class or object
 * literal, getters and setters) at its key or modifiers after any decorators, anything
 * else at the node. */
function unitStart(node, sourceCode) {
	const parent = node.parent;
	const method = parent && (parent.type === "MethodDefinition"
		|| parent.type === "TSAbstractMethodDefinition"
		|| (parent.type === "Property" && (parent.method || parent.kind !== "init")));
	if (!method) return node.loc.start;
	const decorators = parent.decorators || [];
	if (decorators.length === 0) return parent.loc.start;
	return sourceCode.getTokenAfter(decorators[decorators.length - 1]).loc.start;
}

/* A rule that reports nothing: it records, per file, each function's head (where
 * `complexity` reports it) and its unit start. */
let heads = null;
const whereRule = {
	meta: { type: "problem", schema: [] },
	create(context) {
		const sourceCode = context.sourceCode;
		const record = (node) => {
			const head = headLoc(node, sourceCode);
			heads.set(`${head.line}:${head.column}`, { node, start: unitStart(node, sourceCode) });
		};
		return {
			FunctionDeclaration: record,
			FunctionExpression: record,
			ArrowFunctionExpression: record,
		};
	},
};

/* ESLint's getFunctionHeadLoc(node).start (lib/rules/utils/ast-utils.js), restated: its
 * module is not exported. */
function headLoc(node, sourceCode) {
	const parent = node.parent;
	if (["Property", "MethodDefinition", "PropertyDefinition", "TSPropertySignature",
		"TSMethodSignature"].includes(parent.type))
		return parent.loc.start;
	if (node.type === "ArrowFunctionExpression")
		return sourceCode.getTokenBefore(node.body, (t) => t.value === "=>" && t.type === "Punctuator").loc.start;
	return node.loc.start;
}

function lintConfig(file, sourceType) {
	const ts = /\.(ts|mts|cts|tsx)$/.test(file);
	const languageOptions = { ecmaVersion: "latest", sourceType,
		parserOptions: { ecmaFeatures: { jsx: !/\.(ts|mts|cts)$/.test(file) } } };
	if (ts) languageOptions.parser = tsParser;
	return {
		files: ["**/*.{js,jsx,mjs,cjs,ts,mts,cts,tsx}"],
		languageOptions,
		/* eslint-disable comments in the sources must not hide functions. */
		linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "off" },
		plugins: { cmp: { rules: { where: whereRule } } },
		rules: { complexity: ["warn", 0], "cmp/where": "error" },
	};
}

/* ESLint's functions of one file: [{line, column (0-based UTF-16), ccn, kind, node}];
 * null when ESLint cannot parse it. */
function eslintFunctions(linter, file, text) {
	for (const sourceType of ["module", "script", "commonjs"]) {
		heads = new Map();
		/* The base name: a flat config only matches files under the current directory. */
		const messages = linter.verify(text, lintConfig(file, sourceType),
			{ filename: path.basename(file) });
		if (messages.some((m) => m.fatal)) continue;
		return messages.filter((m) => m.ruleId === "complexity").map((m) => toFunction(m));
	}
	return null;
}

function toFunction(m) {
	const ccn = Number(/complexity of (\d+)/.exec(m.message)[1]);
	if (/^Class field initializer/.test(m.message))
		return { kind: "field", line: m.line, column: m.column - 1, ccn };
	if (/^Class static block/.test(m.message))
		return { kind: "static", line: m.line, column: m.column - 1, ccn };
	const where = heads.get(`${m.line}:${m.column - 1}`);
	const start = where ? where.start : { line: m.line, column: m.column - 1 };
	return { kind: where ? where.node.type : "?", line: start.line, column: start.column, ccn,
		name: m.message.replace(/ has a complexity.*/, "") };
}

/* assay's byte columns as 0-based UTF-16 columns (ESLint's), keyed "line:column". */
function unitIndex(units, lines) {
	const index = new Map();
	for (const u of units) {
		const text = Buffer.from(lines[u.line - 1] || "", "utf8").subarray(0, u.column - 1);
		const key = `${u.line}:${text.toString("utf8").length}`;
		if (!index.has(key)) index.set(key, []);
		index.get(key).push(u);
	}
	return index;
}

function bump(map, key, item, sample) {
	if (!map.has(key)) map.set(key, { count: 0, sample: [] });
	const entry = map.get(key);
	entry.count++;
	if (entry.sample.length < sample) entry.sample.push(item);
}

/* Adds one matched function to stats: equal or not. */
function compareMatched(fn, u, where, lang, stats, opts) {
	stats.matched++;
	if (u.ccn === fn.ccn) {
		stats.equal++;
		return;
	}
	const delta = u.ccn - fn.ccn;
	bump(stats.unequal, `${lang} assay${delta > 0 ? "+" : ""}${delta}`,
		`${where} ${u.qualified_name}: eslint ${fn.ccn}, assay ${u.ccn}`, opts.sample);
	if (opts.list) console.log(`unequal ${where} eslint=${fn.ccn} assay=${u.ccn}`);
}

/* Counts a class-field initializer apart: ESLint's implicit function, not a unit. */
function countField(fn, stats) {
	stats.fields++;
	if (fn.ccn > 1) stats.fieldsComplex++;
}

/* Matches one file's ESLint functions to assay units and adds to stats. */
function compareFile(file, units, stats, linter, opts) {
	const text = fs.readFileSync(file, "utf8");
	const fns = eslintFunctions(linter, file, text);
	if (!fns) {
		stats.eslintParseErrors++;
		return;
	}
	stats.files++;
	const index = unitIndex(units, text.split("\n"));
	const lang = path.extname(file).slice(1);
	for (const fn of fns) {
		if (fn.kind === "field") {
			countField(fn, stats);
			continue;
		}
		stats.functions++;
		if (fn.kind === "static") stats.staticBlocks++;
		const found = index.get(`${fn.line}:${fn.column}`) || [];
		const where = `${file}:${fn.line}:${fn.column + 1}`;
		if (found.length === 0)
			bump(stats.missing, `${lang} ${fn.kind}`, `${where} ${fn.name || fn.kind}`, opts.sample);
		else
			compareMatched(fn, found.shift(), where, lang, stats, opts);
	}
	for (const rest of index.values()) stats.extraUnits += rest.length;
}

function pct(a, b) {
	return b ? (100 * a / b).toFixed(2) + "%" : "n/a";
}

function printClasses(title, map) {
	console.log(`\n${title}:`);
	const rows = [...map.entries()].sort((a, b) => b[1].count - a[1].count);
	for (const [key, entry] of rows) {
		console.log(`  ${entry.count}\t${key}`);
		for (const s of entry.sample) console.log(`\t\t${s}`);
	}
}

function main() {
	const opts = parseArgs(process.argv.slice(2));
	const stats = { files: 0, functions: 0, matched: 0, equal: 0, staticBlocks: 0, fields: 0,
		fieldsComplex: 0, extraUnits: 0, eslintParseErrors: 0, assayPartial: 0,
		missing: new Map(), unequal: new Map() };
	const linter = new Linter({ configType: "flat" });
	for (const dir of opts.dirs) {
		const files = assayUnits(opts, dir, stats);
		for (const [file, units] of files) {
			if (EXTENSIONS.test(file)) compareFile(file, units, stats, linter, opts);
		}
	}
	console.log(`files compared: ${stats.files} (ESLint could not parse ${stats.eslintParseErrors};` +
		` assay parsed ${stats.assayPartial} only partially)`);
	console.log(`ESLint functions: ${stats.functions} (of which class static blocks: ${stats.staticBlocks})`);
	console.log(`class-field initializers (not units, not in the figures): ${stats.fields}` +
		` (complexity > 1: ${stats.fieldsComplex})`);
	console.log(`recall: ${stats.matched}/${stats.functions} = ${pct(stats.matched, stats.functions)}`);
	console.log(`CCN equal: ${stats.equal}/${stats.matched} = ${pct(stats.equal, stats.matched)}`);
	console.log(`assay units with no ESLint function: ${stats.extraUnits}`);
	printClasses("ESLint functions with no assay unit (language, node type)", stats.missing);
	printClasses("CCN disagreements (language, assay minus ESLint)", stats.unequal);
}

main();
