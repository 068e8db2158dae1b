import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterEach, describe, expect, it } from "vitest";
import { en } from "./en";
import { formatCurrency, formatDate, formatDateTime, formatNumber, getLocale, hasKey, LOCALE_KEY, plural, setLocale, t } from "./index";
import { ptBR } from "./pt-BR";

const SRC = join(__dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, "utf8") }));

afterEach(() => setLocale("pt-BR"));

describe("t", () => {
  it("fills parameters and leaves unknown ones visible", () => {
    expect(t("list.count.other", { count: "10.000" })).toBe("10.000 registros");
    expect(t("unavailable.title", { area: "DIDs" })).toBe("DIDs: ainda não disponível");
    expect(t("list.countFiltered.other", { shown: 3 })).toBe("3 de {count} registros");
  });
});

describe("locale", () => {
  it("is pt-BR by default, switches to English and keeps the choice", () => {
    expect(getLocale()).toBe("pt-BR");
    expect(t("welcome.useSandbox")).toBe("Usar o sandbox");
    setLocale("en");
    expect(t("welcome.useSandbox")).toBe("Use the sandbox");
    expect(localStorage.getItem(LOCALE_KEY)).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    setLocale("pt-BR");
    expect(localStorage.getItem(LOCALE_KEY)).toBe("pt-BR");
  });

  it("picks plural forms by the locale's rules, with an optional zero", () => {
    expect(plural("list.count", 0)).toBe("Nenhum registro");
    expect(plural("list.count", 1)).toBe("1 registro");
    expect(plural("list.count", 10000)).toBe("10.000 registros");
    expect(plural("list.countFiltered", 1, { shown: 1 })).toBe("1 de 1 registro");
    expect(plural("bulk.apply", 1)).toBe("Aplicar 1 linha");
    expect(plural("bulk.apply", 1200)).toBe("Aplicar 1.200 linhas");
    expect(plural("planos.emUso", 1, { nome: "Local", ramais: "1001" })).toMatch(/^O plano Local é usado por 1 ramal: 1001\. Troque o plano desse ramal/);
    setLocale("en");
    expect(plural("list.count", 1)).toBe("1 record");
    expect(plural("list.count", 2)).toBe("2 records");
    expect(plural("list.count", 10000)).toBe("10,000 records");
  });

  it("formats numbers, currency and dates by locale", () => {
    const moment = new Date(2026, 11, 31, 23, 59, 58);
    expect(formatNumber(1234.5)).toBe("1.234,5");
    expect(formatCurrency(1234.5).replace(/\s/g, " ")).toBe("R$ 1.234,50");
    expect(formatDate(moment)).toBe("31/12/2026");
    expect(formatDateTime(moment)).toBe("31/12/2026, 23:59:58");
    setLocale("en");
    expect(formatNumber(1234.5)).toBe("1,234.5");
    expect(formatCurrency(1234.5)).toBe("R$1,234.50");
    expect(formatDate(moment)).toBe("12/31/2026");
    expect(formatDateTime(moment).replace(/\s/g, " ")).toBe("12/31/2026, 11:59:58 PM");
    expect(formatDate("não é data")).toBe("não é data");
  });
});

describe("dictionary", () => {
  it("has every key the code uses", () => {
    const used = new Set<string>();
    for (const { text } of files) {
      // t("key"...) calls and key-typed literals in configs ("section.label": "x.y.z").
      for (const m of text.matchAll(/\bt\(\s*["'`]([\w.-]+)["'`]/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\b(?:label|title|newLabel|newTitle|editTitle|description|hint)\s*:\s*"([\w.-]+)"/g)) used.add(m[1]!);
      // Template keys such as `clientes.field.${path}`: check the prefix exists.
      for (const m of text.matchAll(/`([a-z]+\.[a-z]+\.)\$\{/g)) {
        expect(Object.keys(ptBR).some((k) => k.startsWith(m[1]!)), m[1]).toBe(true);
      }
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => k.includes(".") && !hasKey(k));
    expect(missing).toEqual([]);
  });

  it("has a pt-BR field label for every form field the configs build from a path", async () => {
    const { clienteSections } = await import("../screens/clientes/config");
    const { ramalSections } = await import("../screens/ramais/config");
    for (const section of [...clienteSections, ...ramalSections]) {
      expect(hasKey(section.label), section.label).toBe(true);
      for (const item of section.items) {
        if (item.kind === "custom") continue;
        expect(hasKey(item.label), item.label).toBe(true);
        if (item.kind === "list") for (const f of item.item) expect(hasKey(f.label), f.label).toBe(true);
      }
    }
  });

  it("has no empty text", () => {
    for (const [key, text] of [...Object.entries(ptBR), ...Object.entries(en)]) expect(text.trim(), key).not.toBe("");
  });

  it("has the same keys in English as in pt-BR, with the same parameters", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ptBR).sort());
    const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(ptBR) as (keyof typeof ptBR)[]) expect(params(en[key]), key).toEqual(params(ptBR[key]));
  });
});

describe("JSX", () => {
  it("has no user-facing text written directly in the markup", () => {
    const offenders: string[] = [];
    const TEXT_ATTRIBUTES = new Set(["label", "placeholder", "title", "aria-label", "description", "alt"]);
    for (const { path, text } of files.filter((f) => f.path.endsWith(".tsx"))) {
      const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      const where = (node: ts.Node) => `${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const visit = (node: ts.Node) => {
        if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) offenders.push(`${where(node)}: ${node.text.trim()}`);
        if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
          const name = node.name.getText(source);
          if (TEXT_ATTRIBUTES.has(name) && /\p{L}/u.test(node.initializer.text)) offenders.push(`${where(node)}: ${name}="${node.initializer.text}"`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(files.filter((f) => f.path.endsWith(".tsx")).length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
