//! DIDs as servers send them: the documented shape (integers, a holiday text) and the one
//! public client code reads (every field a string, weekdays a list of strings), read into the
//! same record, with the holidays read by the editor's model and written back to the platform in
//! the form the field came in (one text, or a list of texts), and the number normalised.

use pabx_api::de::to_wire;
use pabx_api::feriados::Feriado;
use pabx_api::horario;
use pabx_api::Did;
use serde_json::json;

fn documented() -> serde_json::Value {
    json!({
        "did_id": 12, "cliente_id": 7, "numero": "1133334444", "audio_antes_encaminhar": "ola.wav",
        "apontar_para": 1, "destino": "2000", "habilitar_registro": 0, "registro_dominio": "",
        "registro_usuario": "", "registro_senha": "", "gravar_chamadas": 1, "maximo_chamadas_simultaneas": 4,
        "habilitar_horario_funcionamento": 1, "horario_funcionamento_lista_feriados": "25/12 Natal,03/04/2026 Sexta-feira Santa",
        "horario_funcionamento_inicio": "08:00", "horario_funcionamento_fim": "18:00",
        "horario_funcionamento_dias_semana": [1, 2, 3, 4, 5], "horario_funcionamento_audio_fora_horario": "fora.wav",
        "campo_novo": {"x": 1}
    })
}

fn all_strings() -> serde_json::Value {
    json!({
        "did_id": "12", "cliente_id": "7", "numero": "1133334444", "audio_antes_encaminhar": "ola.wav",
        "apontar_para": "1", "destino": "2000", "habilitar_registro": "0", "registro_dominio": "",
        "registro_usuario": "", "registro_senha": "", "gravar_chamadas": "1", "maximo_chamadas_simultaneas": "4",
        "habilitar_horario_funcionamento": "1", "horario_funcionamento_lista_feriados": "25/12 Natal,03/04/2026 Sexta-feira Santa",
        "horario_funcionamento_inicio": "08:00", "horario_funcionamento_fim": "18:00",
        "horario_funcionamento_dias_semana": ["1", "2", "3", "4", "5"], "horario_funcionamento_audio_fora_horario": "fora.wav",
        "campo_novo": {"x": 1}
    })
}

#[test]
fn both_shapes_read_into_the_same_did() {
    let a: Did = serde_json::from_value(documented()).unwrap();
    let b: Did = serde_json::from_value(all_strings()).unwrap();
    assert_eq!(a, b);
    assert_eq!((a.did_id, a.apontar_para, a.maximo_chamadas_simultaneas), (12, 1, 4));
    assert_eq!(a.horario_funcionamento_dias_semana, vec![1, 2, 3, 4, 5]);
    assert_eq!(a.extra["campo_novo"], json!({"x": 1}), "unknown fields ride along");
    let feriados = a.feriados();
    assert_eq!(feriados, vec![Feriado::anual(25, 12, "Natal"), Feriado { data: "03/04/2026".into(), nome: "Sexta-feira Santa".into() }]);
    assert_eq!(horario::resumo(&a, &feriados), "seg-sex 08:00-18:00, 2 feriados");
}

#[test]
fn holidays_written_back_in_the_fields_form_and_the_number_normalised() {
    let did: Did = serde_json::from_value(documented()).unwrap();
    let mut feriados = did.feriados();
    feriados.push(Feriado { data: "1/1".into(), nome: "Ano-novo".into() });
    let edited = Did { numero: "+55 (11) 3333-4444".into(), ..did }.com_feriados(&feriados).normalizado();
    let sent = to_wire(&edited).unwrap();
    assert_eq!(sent["horario_funcionamento_lista_feriados"], json!("25/12 Natal,03/04/2026 Sexta-feira Santa,01/01 Ano-novo"));
    assert_eq!(sent["numero"], json!("1133334444"));
    assert_eq!(sent["campo_novo"], json!({"x": 1}));

    // A server that sends the list as a list of strings gets a list back, ids still strings.
    let mut listed = all_strings();
    listed["horario_funcionamento_lista_feriados"] = json!(["25/12 Natal", "03/04/2026 Sexta-feira Santa"]);
    let did: Did = serde_json::from_value(listed).unwrap();
    assert_eq!(did.feriados().len(), 2);
    let feriados = [did.feriados(), vec![Feriado::anual(1, 1, "Ano-novo")]].concat();
    let sent = to_wire(&did.com_feriados(&feriados)).unwrap();
    assert_eq!(sent["horario_funcionamento_lista_feriados"], json!(["25/12 Natal", "03/04/2026 Sexta-feira Santa", "01/01 Ano-novo"]));
    assert_eq!((&sent["did_id"], &sent["horario_funcionamento_dias_semana"]), (&json!("12"), &json!(["1", "2", "3", "4", "5"])));
}
