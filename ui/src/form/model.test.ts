import { describe, expect, it } from "vitest";
import { ramalSections } from "../screens/ramais/config";
import {
  buildRecord, fromSelect, getPath, initialValues, matchFieldErrors, selectOptions, selectValue, setPath, siblingsOf, toFormPath,
  toInteger, whenOn, type FormSection, type OptionsQuery,
} from "./model";

const sections: FormSection[] = [
  {
    key: "a",
    label: "clientes.section.limites",
    items: [
      { kind: "text", path: "nome", label: "clientes.field.nome" },
      { kind: "number", path: "faixa_min", label: "clientes.field.faixa_min" },
      { kind: "switch", path: "ignorar_limite_espaco", label: "clientes.field.ignorar_limite_espaco" },
    ],
  },
];

describe("paths", () => {
  it("reads and writes nested paths without touching the original", () => {
    const original = { a: { b: [{ c: 1 }, { c: 2 }] }, x: 1 };
    const changed = setPath(original, "a.b.1.c", 5);
    expect(getPath(changed, "a.b.1.c")).toBe(5);
    expect(getPath(original, "a.b.1.c")).toBe(2);
    expect(Array.isArray(getPath(changed, "a.b"))).toBe(true);
    expect(changed.x).toBe(1);
    expect(getPath(original, "a.z.q")).toBeUndefined();
  });

  it("turns Rust field names into form paths", () => {
    expect(toFormPath("faixa_max")).toBe("faixa_max");
    expect(toFormPath("encaminhar_todas_chamadas.encaminhamento_destinos[1].encaminhamento_destino")).toBe(
      "encaminhar_todas_chamadas.encaminhamento_destinos.1.encaminhamento_destino",
    );
    expect(toFormPath("dados.numero")).toBe("numero");
  });
});

describe("matchFieldErrors", () => {
  it("puts each error on its field, nested and list ones included, and keeps the rest apart", () => {
    const { matched, unmatched } = matchFieldErrors(
      [
        { field: "numero", message: "Fora da faixa." },
        { field: "numero", message: "Já existe." },
        { field: "encaminhar_ocupado_indisponivel.encaminhamento_destino", message: "Destino vazio." },
        { field: "encaminhar_todas_chamadas.encaminhamento_destinos[0].encaminhamento_destino", message: "Inválido." },
        { field: "campo_que_nao_existe", message: "?" },
      ],
      ramalSections,
    );
    expect(matched).toEqual({
      numero: "Fora da faixa. Já existe.",
      "encaminhar_ocupado_indisponivel.encaminhamento_destino": "Destino vazio.",
      "encaminhar_todas_chamadas.encaminhamento_destinos.0.encaminhamento_destino": "Inválido.",
    });
    expect(unmatched).toEqual([{ field: "campo_que_nao_existe", message: "?" }]);
  });
});

describe("buildRecord", () => {
  it("keeps fields the UI does not know and makes numbers integers", () => {
    const original = { cliente_id: 7, nome: "A", faixa_min: 1, ignorar_limite_espaco: 0, campo_novo: { x: [1] } };
    const values = { ...initialValues(original, sections), nome: "B", faixa_min: "200", ignorar_limite_espaco: 1 };
    expect(buildRecord(original, values, sections)).toEqual({
      cliente_id: 7,
      nome: "B",
      faixa_min: 200,
      ignorar_limite_espaco: 1,
      campo_novo: { x: [1] },
    });
  });

  it("coerces numbers inside lists and empty inputs to 0", () => {
    const values = {
      encaminhar_todas_chamadas: { encaminhamento_tipo: "", encaminhamento_destino: "", encaminhamento_destinos: [{ encaminhamento_tipo: "2", encaminhamento_destino: "9" }] },
    };
    const record = buildRecord({}, values, ramalSections) as typeof values;
    expect(record.encaminhar_todas_chamadas.encaminhamento_tipo).toBe(0);
    expect(record.encaminhar_todas_chamadas.encaminhamento_destinos[0]?.encaminhamento_tipo).toBe(2);
    expect([toInteger("3,0"), toInteger("abc"), toInteger(4.7), toInteger(true)]).toEqual([3, 0, 4, 1]);
  });

  it("fills missing configured fields so every input is controlled", () => {
    const values = initialValues({ nome: "x" }, ramalSections);
    expect(getPath(values, "encaminhar_todas_chamadas.encaminhamento_destinos")).toEqual([]);
    expect(getPath(values, "bloquear_ramal")).toBe(0);
    expect(getPath(values, "senha_sip")).toBe("");
  });
});

describe("query-select", () => {
  const query: OptionsQuery = {
    key: (v) => ["planos", Number(v.cliente_id)],
    load: () => Promise.resolve([]),
    none: { value: "0", label: "Nenhum" },
    unknown: (id) => `Plano #${id}`,
    numeric: true,
  };
  const loaded = [{ value: "11", label: "Padrão" }, { value: "12", label: "Local" }];
  const section: FormSection[] = [
    { key: "s", label: "ramais.section.identificacao", items: [{ kind: "query-select", path: "plano_discagem_id", label: "ramais.field.plano_discagem_id", query }] },
  ];

  it("lists none first, then the loaded options, and keeps a current value the list lacks", () => {
    expect(selectOptions(query, loaded, "12")).toEqual([{ value: "0", label: "Nenhum" }, ...loaded]);
    expect(selectOptions(query, loaded, "0")).toEqual([{ value: "0", label: "Nenhum" }, ...loaded]);
    expect(selectOptions(query, loaded, "99").at(-1)).toEqual({ value: "99", label: "Plano #99" });
    // Still loading (or failed): the current value is shown all the same.
    expect(selectOptions(query, undefined, "11")).toEqual([{ value: "0", label: "Nenhum" }, { value: "11", label: "Plano #11" }]);
    expect(selectOptions({ ...query, none: undefined }, undefined, "")).toEqual([]);
    // A loaded entry with the none value is not listed twice.
    expect(selectOptions(query, [{ value: "0", label: "Zero" }], "0")).toEqual([{ value: "0", label: "Nenhum" }]);
  });

  it("stores ids as integers, a cleared select as the none value", () => {
    expect(fromSelect(query, "12")).toBe(12);
    expect(fromSelect(query, null)).toBe(0);
    expect(fromSelect({ ...query, numeric: false, none: undefined }, null)).toBe("");
    expect(fromSelect({ ...query, numeric: false }, "abc")).toBe("abc");
    expect([selectValue(11), selectValue("x"), selectValue(null)]).toEqual(["11", "x", ""]);
  });

  it("starts a numeric one at 0 and sends it as an integer", () => {
    expect(initialValues({}, section)).toEqual({ plano_discagem_id: 0 });
    expect(buildRecord({ cliente_id: 1 }, { plano_discagem_id: "12" }, section)).toEqual({ cliente_id: 1, plano_discagem_id: 12 });
  });
});

describe("custom items and enabledWhen", () => {
  const withCustom: FormSection[] = [
    {
      key: "c",
      label: "dids.section.feriados",
      items: [
        { kind: "custom", path: "feriados", paths: ["lista", "lista.*"], component: () => null },
        { kind: "number", path: "n", label: "dids.field.maximo_chamadas_simultaneas" },
      ],
    },
  ];

  it("routes errors on a custom item's paths to it and leaves its values alone", () => {
    const { matched, unmatched } = matchFieldErrors(
      [{ field: "lista[2]", message: "Data inexistente" }, { field: "outro", message: "x" }],
      withCustom,
    );
    expect(matched).toEqual({ "lista.2": "Data inexistente" });
    expect(unmatched.map((e) => e.field)).toEqual(["outro"]);
    const values = initialValues({ feriados: [{ data: "25/12" }], n: "3" }, withCustom);
    expect(buildRecord({}, values, withCustom)).toEqual({ feriados: [{ data: "25/12" }], n: 3 });
  });

  it("reads siblings at the top level and inside list items", () => {
    const values = { habilitar: 1, itens: [{ ligado: 0 }] };
    expect(whenOn("habilitar")(siblingsOf(values, "dominio"))).toBe(true);
    expect(whenOn("ligado")(siblingsOf(values, "itens.0.destino"))).toBe(false);
  });
});

describe("switched-off features", () => {
  const field = (path: string) =>
    ramalSections.flatMap((s) => s.items).find((i) => i.path === path) as { enabledWhen?: (s: (n: string) => unknown) => boolean };
  const enabled = (path: string, values: Record<string, unknown>) =>
    field(path).enabledWhen?.(siblingsOf(values, path)) ?? true;

  it("disables a ramal feature's fields while its switch is off", () => {
    expect(enabled("dupla_autenticacao_ip_permitido", { habilitar_dupla_autenticacao: 0 })).toBe(false);
    expect(enabled("dupla_autenticacao_mascara", { habilitar_dupla_autenticacao: 1 })).toBe(true);
    expect(enabled("caixa_postal_email", { habilitar_caixa_postal: 0 })).toBe(false);
    expect(enabled("nome", {})).toBe(true);
  });

  it("sends placeholders, unused slots and the record's forms back as they came", () => {
    const slot = { encaminhamento_tipo: 0, encaminhamento_destino: "" };
    const original = {
      ramal_id: 41, habilitar_dupla_autenticacao: 0, dupla_autenticacao_ip_permitido: "1", tipo: "1",
      encaminhar_todas_chamadas: {
        encaminhamento_tipo: 0, encaminhamento_destino: "", encaminhamento_destinos: [slot, slot, slot, slot, slot],
        _forma: { encaminhamento_tipo: "texto" },
      },
      _forma: { ramal_id: "texto" },
    };
    const record = buildRecord(original, { ...initialValues(original, ramalSections), nome: "Ana" }, ramalSections) as Record<string, unknown>;
    expect(record.dupla_autenticacao_ip_permitido).toBe("1");
    expect(record._forma).toEqual({ ramal_id: "texto" });
    expect(record.tipo).toBe("1");
    expect(getPath(record, "encaminhar_todas_chamadas.encaminhamento_destinos")).toHaveLength(5);
    expect(getPath(record, "encaminhar_todas_chamadas._forma")).toEqual({ encaminhamento_tipo: "texto" });
  });
});
