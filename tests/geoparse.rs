//! Geoparser behaviour, one table per phenomenon. Each row: a text, and the mentions we
//! expect as `(surface text, place id or ISO country code)`, in order. A `None` id means
//! the text must yield no mention at all.

use std::sync::OnceLock;

use dateline::gazetteer::Gazetteer;
use dateline::geoparse::{Geoparser, Mention};

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::load_default().expect("embedded gazetteer"))
}

fn parse(text: &str) -> Vec<Mention> {
    Geoparser::new(gazetteer()).parse(text)
}

/// Asserts the mentions of `text` are exactly `want`: surface text and either a place id
/// (`geonames:…`, `dateline:…`) or a country code (two letters).
fn check(text: &str, want: &[(&str, &str)]) {
    let g = gazetteer();
    let got: Vec<(String, String, String)> = parse(text)
        .iter()
        .map(|m| {
            let p = g.place(m.place);
            (m.text.clone(), p.id.to_string(), p.country.to_string())
        })
        .collect();
    let ok = got.len() == want.len()
        && got
            .iter()
            .zip(want)
            .all(|((t, id, cc), (wt, wid))| t == wt && (id == wid || cc == wid));
    assert!(ok, "\ntext: {text:?}\nwant: {want:?}\ngot:  {got:?}");
}

fn check_table(rows: &[(&str, &[(&str, &str)])]) {
    for (text, want) in rows {
        check(text, want);
    }
}

const GANJA: &str = "geonames:586523";
const BARDA_AZ: &str = "geonames:587057";
const BARDA_PERM: &str = "geonames:579132";
const TARTAR: &str = "geonames:584871";
const SHUSHA: &str = "geonames:147105";
const KHANKENDI: &str = "geonames:146970";
const LACHIN: &str = "geonames:147625";
const NK: &str = "dateline:nagorno-karabakh";

mod recognition {
    use super::*;

    #[test]
    fn pdf_line_break_hyphens_are_rejoined_with_original_offsets() {
        let text = "the war in Na-\ngorno-Karabakh and Azer-\nbaijan, and Nagorno-\nKarabakh, Nagorno-Kara-\nbakh";
        check(
            text,
            &[
                ("Na-\ngorno-Karabakh", NK),
                ("Azer-\nbaijan", "AZ"),
                ("Nagorno-\nKarabakh", NK),
                ("Nagorno-Kara-\nbakh", NK),
            ],
        );
        for m in parse(text) {
            assert_eq!(&text[m.start..m.end], m.text);
        }
    }

    #[test]
    fn organisation_and_outlet_names_are_not_places() {
        check_table(&[
            (
                "The OSCE Minsk Group co-chairs met in Moscow.",
                &[("Moscow", "RU")],
            ),
            (
                "He spoke to France-24 (France) and Russia-1.",
                &[("France", "FR")],
            ),
            (
                "the first president was overthrown by the Karabakh clan",
                &[],
            ),
            (
                "Interviews with Haber-\nTurk (Turkey) and Rai-1 (Italy).",
                &[("Turkey", "TR"), ("Italy", "IT")],
            ),
            (
                "The UN Security Council met; the Republic of Azerbaijan replied.",
                &[("Azerbaijan", "AZ")],
            ),
            (
                "He told Channel One (Russia) and Al Jazeera.",
                &[("Russia", "RU")],
            ),
        ]);
    }

    #[test]
    fn case_separates_names_from_common_words() {
        check_table(&[
            ("The turkey was roasted in the oven.", &[]),
            (
                "Turkey and Armenia disagree.",
                &[("Turkey", "TR"), ("Armenia", "AM")],
            ),
            ("They smoked ganja all night.", &[]),
            ("Ganja was hit again.", &[("Ganja", GANJA)]),
            ("Are you sure? Nice weather today.", &[]),
            (
                "It rained in Nice and Moscow.",
                &[("Nice", "FR"), ("Moscow", "RU")],
            ),
        ]);
    }

    #[test]
    fn demonyms_and_people_are_not_places() {
        check_table(&[
            (
                "Armenian and Azerbaijani forces; the Azerbaijanis and the Armenians.",
                &[],
            ),
            ("President Aliyev met Ilham Aliyev's aides.", &[]),
            ("Mr. Pashinyan wrote to President Putin.", &[]),
            ("It was signed by Vladimir Putin and Ilham Aliyev.", &[]),
        ]);
    }

    #[test]
    fn english_people_and_common_words_come_from_data() {
        // "Roy Clinton": a given name (Census lists) before a place's name makes it a
        // person, and the document's later lone "Clinton" is that person too.
        check_table(&[
            (
                "The mayor, Roy Clinton, said that the plan was good. Later, Clinton said that it was not.",
                &[],
            ),
            (
                "The new wing of the Memorial Hospital is on Main Street and it is open.",
                &[],
            ),
            (
                "He lives in Clinton, Iowa.",
                &[("Clinton", "US"), ("Iowa", "US")],
            ),
        ]);
        // Named after a person, and a place all the same ("Clinton, Iowa" says so).
        let m = parse(
            "Clinton, Iowa, was named for the governor DeWitt Clinton. Clinton is on the river and it grew.",
        );
        assert_eq!(m.len(), 3, "{m:?}");
    }

    #[test]
    fn acronyms_match_only_abbreviations() {
        check_table(&[
            (
                "Fox News (USA), EFE (Spain), ARD (Germany), TRT, NTV, RBK and CNN.",
                &[("USA", "US"), ("Spain", "ES"), ("Germany", "DE")],
            ),
            ("the UK and the UAE", &[("UK", "GB"), ("UAE", "AE")]),
        ]);
    }

    #[test]
    fn possessives_keep_the_name() {
        check(
            "Armenia’s military provocations and Georgia's ports",
            &[("Armenia", "AM"), ("Georgia", "GE")],
        );
    }
}

mod languages {
    use super::*;

    #[test]
    fn russian_case_endings() {
        check_table(&[
            (
                "Обстрел Барды и Тертера продолжился.",
                &[("Барды", BARDA_AZ), ("Тертера", TARTAR)],
            ),
            (
                "В Гяндже погибли десять человек, сообщили в Баку.",
                &[("Гяндже", GANJA), ("Баку", "AZ")],
            ),
            (
                "Бои шли в Нагорном Карабахе, у Степанакерта и Шуши.",
                &[
                    ("Нагорном Карабахе", NK),
                    ("Степанакерта", KHANKENDI),
                    ("Шуши", SHUSHA),
                ],
            ),
            (
                "Армения и Азербайджан подписали заявление в Москве.",
                &[("Армения", "AM"), ("Азербайджан", "AZ"), ("Москве", "RU")],
            ),
        ]);
    }

    #[test]
    fn russian_district_adjectives_sharing_one_noun() {
        check(
            "Бои шли в Физулинском и Джебраильском районах.",
            &[
                ("Физулинском", "geonames:148107"),
                ("Джебраильском районах", "geonames:148140"),
            ],
        );
    }

    #[test]
    fn german_nouns_after_articles_are_not_places() {
        check_table(&[
            (
                "Frankreich und die USA forderten ein Ende der Kämpfe.",
                &[("Frankreich", "FR"), ("USA", "US")],
            ),
            (
                "Die Türkei unterstützte Baku.",
                &[("Türkei", "TR"), ("Baku", "AZ")],
            ),
        ]);
    }

    #[test]
    fn azerbaijani_suffixes() {
        check_table(&[
            (
                "Bərdədə raket hücumu nəticəsində 21 nəfər həlak olub.",
                &[("Bərdədə", BARDA_AZ)],
            ),
            (
                "Laçının azad edilməsi və Gəncəyə atılan raketlər.",
                &[("Laçının", LACHIN), ("Gəncəyə", GANJA)],
            ),
            (
                "Şuşadan gələn xəbərlər, Azərbaycan və Ermənistan arasında.",
                &[
                    ("Şuşadan", SHUSHA),
                    ("Azərbaycan", "AZ"),
                    ("Ermənistan", "AM"),
                ],
            ),
        ]);
    }

    #[test]
    fn spanish_and_german_exonyms() {
        check_table(&[
            (
                "Los ataques contra Ganja y Barda en Azerbaiyán dejaron víctimas.",
                &[("Ganja", GANJA), ("Barda", BARDA_AZ), ("Azerbaiyán", "AZ")],
            ),
            (
                "El conflicto de Alto Karabaj enfrenta a Armenia y Azerbaiyán.",
                &[
                    ("Alto Karabaj", NK),
                    ("Armenia", "AM"),
                    ("Azerbaiyán", "AZ"),
                ],
            ),
            (
                "Die Stadt Gandscha in Aserbaidschan wurde beschossen.",
                &[("Gandscha", GANJA), ("Aserbaidschan", "AZ")],
            ),
            (
                "Die Truppen Armeniens zogen sich aus Bergkarabach zurück.",
                &[("Armeniens", "AM"), ("Bergkarabach", NK)],
            ),
        ]);
    }

    #[test]
    fn contested_names_of_both_parties_resolve_to_one_place() {
        check_table(&[
            (
                "Stepanakert and Khankendi",
                &[("Stepanakert", KHANKENDI), ("Khankendi", KHANKENDI)],
            ),
            (
                "Shushi, also Shusha",
                &[("Shushi", SHUSHA), ("Shusha", SHUSHA)],
            ),
            (
                "Berdzor (Lachin) and the Lachin corridor",
                &[
                    ("Berdzor", LACHIN),
                    ("Lachin", LACHIN),
                    ("Lachin corridor", "dateline:lachin-corridor"),
                ],
            ),
            (
                "Artsakh, or Nagorno-Karabakh",
                &[("Artsakh", NK), ("Nagorno-Karabakh", NK)],
            ),
            (
                "Kelbajar, Karvachar and Kalbajar",
                &[
                    ("Kelbajar", "geonames:586268"),
                    ("Karvachar", "geonames:586268"),
                    ("Kalbajar", "geonames:586268"),
                ],
            ),
        ]);
    }
}

mod disambiguation {
    use super::*;

    #[test]
    fn local_context_picks_the_right_barda() {
        check(
            "Barda is a village in Perm Krai, Russia.",
            &[("Barda", BARDA_PERM), ("Perm Krai", "RU"), ("Russia", "RU")],
        );
        check(
            "Barda, a city in Azerbaijan, was shelled.",
            &[("Barda", BARDA_AZ), ("Azerbaijan", "AZ")],
        );
        check(
            "Барда — село в Пермском крае России.",
            &[
                ("Барда", BARDA_PERM),
                ("Пермском крае", "RU"),
                ("России", "RU"),
            ],
        );
    }

    #[test]
    fn georgia_the_country_or_the_state() {
        check(
            "Tbilisi is the capital of Georgia.",
            &[("Tbilisi", "GE"), ("Georgia", "GE")],
        );
        check(
            "Atlanta is the capital of Georgia, the US state.",
            &[("Atlanta", "US"), ("Georgia", "US"), ("US", "US")],
        );
    }

    #[test]
    fn a_containing_area_after_a_comma_or_in_pins_the_reading() {
        check_table(&[
            (
                "Paris, Texas, is far from Paris, France.",
                &[
                    ("Paris", "US"),
                    ("Texas", "US"),
                    ("Paris", "FR"),
                    ("France", "FR"),
                ],
            ),
            (
                "Athens, Georgia, is younger than Athens in Greece.",
                &[
                    ("Athens", "US"),
                    ("Georgia", "US"),
                    ("Athens", "GR"),
                    ("Greece", "GR"),
                ],
            ),
            (
                "Armenia is a city in the Quindío Department of Colombia.",
                &[("Armenia", "CO"), ("Quindío", "CO"), ("Colombia", "CO")],
            ),
        ]);
    }

    #[test]
    fn countries_listed_together_stay_countries() {
        // US context must not turn "Armenia" into a US town that has it as an alternate name.
        check(
            "Atlanta and Mobile are in the US. Turkey and Armenia disagree.",
            &[
                ("Atlanta", "US"),
                ("Mobile", "US"),
                ("US", "US"),
                ("Turkey", "TR"),
                ("Armenia", "AM"),
            ],
        );
    }

    #[test]
    fn document_context_favours_the_region_it_is_about() {
        // Without context, the bigger place; with Azerbaijan in the text, Azerbaijan's.
        let m = parse("Fighting near Tartar and Barda in Azerbaijan.");
        assert!(
            m.iter().all(|m| gazetteer().place(m.place).country == "AZ"),
            "{m:?}"
        );
    }

    #[test]
    fn scores_and_alternatives_expose_the_evidence() {
        let m = parse("Barda was shelled.");
        let barda = m.first().expect("a mention");
        assert!(barda.score > 0.0 && barda.score <= 1.0);
        assert!(
            barda
                .alternatives
                .iter()
                .any(|a| a.name.place == gazetteer().index_of(BARDA_PERM).expect("in gazetteer"))
        );
        assert!(barda.alternatives.iter().all(|a| a.score <= barda.score));
    }

    #[test]
    fn unsupported_small_places_are_abstained_on() {
        // Capitalised words that name only small, unrelated places yield nothing.
        check("Paradise Valley Hope.", &[]);
    }
}

mod robustness {
    use super::*;

    #[test]
    fn empty_and_odd_inputs_do_not_panic() {
        for text in [
            "",
            " ",
            "\n\n\n",
            "-",
            "Ganja-",
            "-\nGanja",
            "Ｇａｎｊａ",
            "\u{feff}Ganja",
            "Ganja\u{0}Barda",
            "ÿ\u{301}\u{302}",
            "Na-\n",
        ] {
            for m in parse(text) {
                assert_eq!(&text[m.start..m.end], m.text);
            }
        }
    }

    #[test]
    fn a_large_text_is_parsed_in_chunks_with_global_offsets() {
        let para = "Ganja and Barda were shelled; Tartar too.\n\n";
        let text = para.repeat(20_000);
        let m = parse(&text);
        assert_eq!(m.len(), 60_000);
        let last = m.last().expect("mentions");
        assert_eq!(&text[last.start..last.end], "Tartar");
        assert_eq!(
            last.start,
            text.len() - para.len() + para.find("Tartar").expect("in para")
        );
    }
}
