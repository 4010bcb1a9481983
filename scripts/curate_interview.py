#!/usr/bin/env python3
"""Writes sources/interview-2020-11-06/events.toml from the curated list below.

The list is the review: every event, its date and place, and for each claim the exact
quote. This script only computes the byte offsets of the quotes in the interview's text
(never typed by hand) and writes the TOML. Usage:

    python3 scripts/curate_interview.py ../shared/corpus/interview-2020-11-06.txt
"""
import sys

I = "interview-2020-11-06"
SPEAKER = dict(source=I, claimant="Ilham Aliyev, President of Azerbaijan", claimant_kind="speaker", stance="asserts")
MAGAZINE = dict(source=I, claimant="IRS Heritage (the magazine's introduction)", claimant_kind="publisher", stance="asserts")
CAPTION = dict(source=I, claimant="IRS Heritage (photo caption)", claimant_kind="publisher", stance="asserts")
TRILATERAL = dict(source="trilateral-statement-2020-11-10", claimant="Leaders of Armenia, Azerbaijan and Russia (joint statement)", claimant_kind="government", stance="asserts")
WAR = ("2020-09-27", "2020-11-06", "range")  # the war, up to the interview: what an undated wartime claim implies

EVENTS = [
    dict(id="ganja-missile-strike-2020-10-11", title="Missile strike on Ganja, 11 October 2020",
         summary="A photo caption printed with the interview says a ballistic missile attack by Armenian forces hit Ganja on 11 October 2020, killing ten civilians and wounding 34; Azerbaijan's Prosecutor General gave 7 killed and 34 wounded on the day, Amnesty International later reported ten civilians killed.",
         event_type="missile_strike", date=("2020-10-11", "2020-10-11", "day"), date_text="on 11 October 2020",
         place=("geonames:586523", "Ganja"), loc="place",
         claims=[dict(CAPTION, quote="Ganja after a ballistic missile attack by Armenian armed forces \non 11 October 2020. Ten civilians were killed and 34 wounded",
                      casualties=dict(killed=10, wounded=34), casualty_group="civilians"),
                 dict(source="az-prosecutor-general-2020-10-11", claimant="Prosecutor General's Office of Azerbaijan", claimant_kind="government", stance="asserts",
                      quote="As a result, 7 civilians, 3 of them women, were killed, and another 34 civilians, 16 of them women and 6 minors, were severely wounded.",
                      casualties=dict(killed=7, wounded=34), casualty_group="civilians", claimed_date="2020-10-11"),
                 dict(source="amnesty-2021-in-the-line-of-fire", claimant="Amnesty International", claimant_kind="ngo", stance="reports",
                      quote="Ten civilians were killed in Rafibayli Street opposite Victory Park in Ganja, Azerbaijan, by a Scud ballistic missile launched by Armenian forces on 11 October 2020.",
                      casualties=dict(killed=10), casualty_group="civilians", claimed_date="2020-10-11")]),
    dict(id="ganja-ballistic-missile-strikes-2020", title="Ballistic missile strikes on Ganja during the war",
         summary="The speaker says Ganja was bombed and hit with ballistic missiles during the war, without giving dates; kept apart from the dated strike of 11 October because the text does not say which strikes he means.",
         event_type="missile_strike", date=WAR, date_text="", place=("geonames:586523", "Ganja"), loc="place",
         claims=[dict(SPEAKER, quote="bombed Ganja"), dict(SPEAKER, quote="Pashinyan why he hits Ganja with ballistic missiles")]),
    dict(id="barda-cluster-munition-attack-2020", title="Attack on Barda with Smerch cluster munitions",
         summary="The speaker says Smerch rockets with cluster munitions were used to attack Barda, killing 21 people and injuring 70; the interview gives no date. Human Rights Watch reported an attack on Barda with cluster munitions on 28 October 2020 with the same toll.",
         event_type="attack_on_civilians", date=WAR, date_text="", place=("geonames:587057", "Barda"), loc="place",
         claims=[dict(SPEAKER, quote="why they used Smerch with cluster \n\nmunitions to attack Barda, killing 21 people and injuring \n70",
                      casualties=dict(killed=21, wounded=70), casualty_group="unspecified"),
                 dict(SPEAKER, quote="when they bombed Barda"),
                 dict(source="hrw-2020-10-30-barda", claimant="Human Rights Watch", claimant_kind="ngo", stance="reports",
                      quote="The attack reportedly killed at least 21 civilians and wounded at least another 70.",
                      casualties=dict(killed=21, wounded=70), casualty_group="civilians", figure_qualifier="at least", claimed_date="2020-10-28")]),
    dict(id="tartar-funeral-procession-attack-2020", title="Attack on a funeral procession in Tartar",
         summary="The speaker says a funeral procession in Tartar was attacked; the interview gives no date or toll.",
         event_type="attack_on_civilians", date=WAR, date_text="", place=("geonames:584871", "Tartar"), loc="place",
         claims=[dict(SPEAKER, quote="why they attacked a funeral \nprocession in Tartar")]),
    dict(id="zangilan-mosque-desecration", title="Mosque in Zangilan shown desecrated in video footage",
         summary="The speaker says recent video footage of a mosque in Zangilan shows that pigs were kept in it while the town was held by Armenian forces; when this happened is not stated.",
         event_type="damage_to_cultural_heritage", date=None, date_text="", place=("geonames:146901", "Zangilan"), loc="place",
         claims=[dict(SPEAKER, quote="The recent video footage of \na mosque in Zangilan, which has been liberated, shows \nthat they kept pigs there.")]),
    dict(id="fizuli-destroyed-city", title="Destruction of the town of Fizuli",
         summary="The speaker says not a single safe building was left in Fizuli, a town where tens of thousands used to live; a photo caption calls it a ghost city after the Armenian occupation. No date is given.",
         event_type="destruction", date=None, date_text="", place=("geonames:148106", "Fizuli"), loc="place",
         claims=[dict(SPEAKER, quote="we could not find a single safe building in the big city of \nFizuli, where ten thousands of people used to live"),
                 dict(CAPTION, quote="Fizuli became a ghost city \nafter Armenian occupation")]),
    dict(id="fizuli-flag-raised-on-derrick-2020", title="Azerbaijani flag raised on a derrick in Fizuli",
         summary="The speaker says that, finding no safe building in Fizuli, Azerbaijani forces raised the flag on a derrick; the text does not date it.",
         event_type="territorial_control_change", date=WAR, date_text="", place=("geonames:148106", "Fizuli"), loc="place",
         claims=[dict(SPEAKER, quote="So we raised it on a derrick.")]),
    dict(id="agdam-district-held-2020-11-06", title="Part of Agdam District still held by Armenian forces",
         summary="On the day of the interview the speaker says part of Agdam District is still held by Armenian forces and demands its return; the trilateral statement of 10 November 2020 set its return for 20 November.",
         event_type="territorial_control_change", date=("2020-11-06", "2020-11-06", "day"), date_text="",
         place=("geonames:148617", "Agdam"), loc="district",
         claims=[dict(SPEAKER, quote="they leave a part of Agdam"),
                 dict(SPEAKER, quote="Armenia is withdrawing its troops from Agdam"),
                 dict(TRILATERAL, quote="Aghdam region shall be returned to the Republic of Azerbaijan by 20 November 2020.")]),
    dict(id="kalbajar-district-held-2020-11-06", title="Kalbajar District still held by Armenian forces",
         summary="On the day of the interview the speaker says Kalbajar District is still held by Armenian forces and demands its return; the trilateral statement of 10 November 2020 set its return for 15 November.",
         event_type="territorial_control_change", date=("2020-11-06", "2020-11-06", "day"), date_text="",
         place=("geonames:586047", "Kalbajar"), loc="district",
         claims=[dict(SPEAKER, quote="if they leave Kalbajar and \nLachin"),
                 dict(SPEAKER, quote="from Kalbajar, from Lachin, the three remaining dis-\ntricts which they still have"),
                 dict(TRILATERAL, quote="The republic of Armenia shall return the Kelbajar region to the Republic of Azerbaijan by 15 November, 2020, and the Lachin region by 1 December 2020.")]),
    dict(id="lachin-district-held-2020-11-06", title="Lachin District still held by Armenian forces",
         summary="On the day of the interview the speaker says Lachin District is still held by Armenian forces and demands its return; the trilateral statement of 10 November 2020 set its return for 1 December and kept a Lachin corridor under Russian peacekeepers.",
         event_type="territorial_control_change", date=("2020-11-06", "2020-11-06", "day"), date_text="",
         place=("geonames:147626", "Lachin"), loc="district",
         claims=[dict(SPEAKER, quote="Agdam, Kalbajar, and Lachin in one week or in \ntwo weeks"),
                 dict(TRILATERAL, quote="The republic of Armenia shall return the Kelbajar region to the Republic of Azerbaijan by 15 November, 2020, and the Lachin region by 1 December 2020.")]),
    dict(id="border-clash-2020-07-12", title="Clash at the Armenia–Azerbaijan state border, July 2020",
         summary="The speaker says Armenian forces attacked at the state border on 12 July 2020 and entered Azerbaijani territory, and that the clash lasted four days (12–15 July).",
         event_type="armed_clash", date=("2020-07-12", "2020-07-15", "range"), date_text="on 12 July",
         place=("dateline:armenia-azerbaijan-border", "the state border"), loc="border",
         claims=[dict(SPEAKER, quote="They launched an \nattack on us on 12 July, at the state border, and entered \nour territory."),
                 dict(SPEAKER, quote="That clash \nlasted four days.")]),
    dict(id="sabotage-group-2020-08", title="Sabotage group across the line of contact, mid-August 2020",
         summary="The speaker says that in the middle of August 2020 a sabotage group crossed the line of contact, that its head was detained and confessed to planning attacks on civilians.",
         event_type="infiltration", date=("2020-08-11", "2020-08-20", "part_of_month"), date_text="in the middle of August",
         place=("dateline:line-of-contact", "the line of contact"), loc="line_of_contact",
         claims=[dict(SPEAKER, quote="in the middle of August, they sent a sabotage \ngroup which crossed the line of contact, and the head of \nthat group was detained.")]),
    dict(id="shelling-of-cities-2020-09-27", title="Shelling of Azerbaijani cities from 27 September 2020",
         summary="The speaker says Armenian forces started shelling Azerbaijani cities on 27 September 2020 with heavy artillery, causing civilian and military casualties; the magazine's introduction dates the start of the war to the same day.",
         event_type="shelling", date=("2020-09-27", "2020-09-27", "day"), date_text="on 27 September",
         place=("geonames:587116", "Azerbaijan"), loc="country",
         claims=[dict(SPEAKER, quote="Then they started \nto shell our cities on 27 September"),
                 dict(SPEAKER, quote="They shelled us \nwith heavy artillery."),
                 dict(MAGAZINE, quote="Armenia’s \nmilitary provocations on 27 September")]),
    dict(id="ceasefire-statement-2020-11-10", title="Ceasefire statement of 10 November 2020",
         summary="The magazine's introduction says a ceasefire agreement was signed on 10 November 2020; the joint statement of the leaders of Armenia, Azerbaijan and Russia declares a complete ceasefire in the Nagorno-Karabakh conflict zone from that day.",
         event_type="ceasefire_or_agreement", date=("2020-11-10", "2020-11-10", "day"), date_text="on 10 November \n2020",
         place=("dateline:nagorno-karabakh", "Nagorno-Karabakh"), loc="region",
         claims=[dict(MAGAZINE, quote="the signing of a ceasefire agreement on 10 November \n2020"),
                 dict(TRILATERAL, quote="As of 00:00 Moscow time, 10 November 2020, a complete ceasefire and cessation of all military operations in Nagorno Karabakh conflict zone is hereby declared.")]),
    dict(id="civilian-toll-azerbaijan-2020-11-06", title="Civilian toll in Azerbaijan as of 6 November 2020",
         summary="The speaker says that by the day of the interview 92 civilians had been killed and 405 wounded in Azerbaijan, and almost 3,000 houses demolished or seriously damaged.",
         event_type="casualty_report", date=WAR, date_text="", place=("geonames:587116", "Azerbaijan"), loc="country",
         claims=[dict(SPEAKER, quote="Ninety-two civilians have been killed, 405 wounded \nand almost 3,000 houses have been either demolished \nor seriously damaged",
                      casualties=dict(killed=92, wounded=405, houses_damaged_or_destroyed=3000), casualty_group="civilians", figure_qualifier="almost (houses)"),
                 dict(SPEAKER, quote="killed 92 civilians", casualties=dict(killed=92), casualty_group="civilians")]),
    dict(id="khojaly-killings", title="Killings in Khojaly",
         summary="The speaker says an act of genocide was committed in Khojaly; the interview gives no date.",
         event_type="massacre", date=None, date_text="", place=("geonames:147774", "Khojaly"), loc="place",
         claims=[dict(SPEAKER, quote="they have committed an act \nof genocide in Khojaly")]),
    dict(id="expulsion-of-azerbaijanis-1990s", title="Expulsion of Azerbaijanis from Nagorno-Karabakh and the seven districts, 1990s",
         summary="The speaker says that before the war of the 1990s 40,000 Azerbaijanis lived in Nagorno-Karabakh, that all of them and the Azerbaijanis of the seven surrounding districts were expelled, and that Azerbaijan has one million refugees.",
         event_type="displacement", date=("1990-01-01", "1999-12-31", "decade"), date_text="in the 1990s",
         place=("dateline:nagorno-karabakh", "Nagorno-Karabakh"), loc="region",
         claims=[dict(SPEAKER, quote="Because before the war in the 1990s, there were \n40,000 Azerbaijanis living in Nagorno-Karabakh"),
                 dict(SPEAKER, quote="They \nexpelled them all."),
                 dict(SPEAKER, quote="They have expelled \nall Azerbaijanis from Nagorno-Karabakh and seven \nsurrounding districts."),
                 dict(SPEAKER, quote="we have one million refu-\ngees", casualties=dict(displaced=1000000), casualty_group="civilians")]),
    dict(id="unsc-resolutions-1993", title="UN Security Council resolutions of 1993",
         summary="The speaker cites the UN Security Council resolutions adopted in 1993, which he says demand the immediate, complete and unconditional withdrawal of Armenian troops from the occupied territories.",
         event_type="un_resolution", date=("1993-01-01", "1993-12-31", "year"), date_text="back in \n1993",
         place=("dateline:seven-districts", "the occupied territories"), loc="region",
         claims=[dict(SPEAKER, quote="UN Se-\ncurity Council resolutions which were adopted back in \n1993", stance="reports"),
                 dict(SPEAKER, quote="They demand an immediate, complete and un-\nconditional withdrawal of Armenian troops from the oc-\ncupied territories.", stance="reports")]),
    dict(id="autonomy-offer", title="Offer of autonomy for Nagorno-Karabakh",
         summary="The speaker says he offered Nagorno-Karabakh the highest possible autonomy and financial assistance through the Minsk Group co-chairs, and that the Armenian side refused; no date is given.",
         event_type="political_statement", date=None, date_text="", place=("dateline:nagorno-karabakh", "Nagorno-Karabakh"), loc="region",
         claims=[dict(SPEAKER, quote="I offered an au-\ntonomy, the highest possible autonomy in the world, to \nNagorno-Karabakh.")]),
    dict(id="pipeline-offer-1990s", title="Offer of a pipeline through Armenia, 1990s",
         summary="The speaker says that in the 1990s Azerbaijan offered to build a pipeline through Armenian territory if Armenia left the territories, and that the offer was refused.",
         event_type="political_statement", date=("1990-01-01", "1999-12-31", "decade"), date_text="in the 1990s",
         place=("geonames:174982", "Armenia"), loc="country",
         claims=[dict(SPEAKER, quote="let’s build the pipeline through Arme-\nnian territory")]),
    dict(id="article-by-first-armenian-president-mid-1990s", title="Article by the first president of Armenia, mid-1990s",
         summary="The speaker says the first president of Armenia published an article in the mid-1990s warning that Azerbaijan's offer then would not be made again.",
         event_type="political_statement", date=("1993-01-01", "1996-12-31", "decade"), date_text="in the middle of 1990s",
         place=("geonames:174982", "Armenia"), loc="country",
         claims=[dict(SPEAKER, quote="That was in the middle of 1990s.", stance="reports")]),
]

def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

def main(path):
    raw = open(path, "rb").read()
    out = ["# Events the interview of 6 November 2020 refers to, reviewed by hand.",
           "# Generated by scripts/curate_interview.py (offsets computed from the text); edit the script, not this file.", ""]
    for e in EVENTS:
        out.append("[[event]]")
        for k in ("id", "title", "summary", "event_type"):
            out.append(f"{k} = {q(e[k])}")
        if e["date"]:
            s, en, prec = e["date"]
            out.append(f'date_start = {q(s)}\ndate_end = {q(en)}\ndate_precision = {q(prec)}')
        else:
            out.append('date_precision = "unknown"')
        out.append(f"date_text = {q(e['date_text'])}")
        out.append(f"place_id = {q(e['place'][0])}\nplace_name = {q(e['place'][1])}\nlocation_precision = {q(e['loc'])}")
        for c in e["claims"]:
            out.append("\n[[event.claim]]")
            for k in ("source", "claimant", "claimant_kind", "stance", "quote"):
                out.append(f"{k} = {q(c[k])}")
            if c["source"] == I:
                needle = c["quote"].encode("utf-8")
                n = raw.count(needle)
                if n != 1:
                    sys.exit(f"{e['id']}: quote found {n} times: {c['quote']!r}")
                start = raw.find(needle)
                out.append(f"start = {start}\nend = {start + len(needle)}")
            if c.get("casualties"):
                out.append("casualties = { " + ", ".join(f"{k} = {v}" for k, v in c["casualties"].items()) + " }")
                out.append(f"casualty_group = {q(c['casualty_group'])}")
            if c.get("figure_qualifier"):
                out.append(f"figure_qualifier = {q(c['figure_qualifier'])}")
            if c.get("claimed_date"):
                out.append(f"claimed_date = {q(c['claimed_date'])}")
        out.append("")
    open("sources/interview-2020-11-06/events.toml", "w").write("\n".join(out))
    print(f"wrote {len(EVENTS)} events, {sum(len(e['claims']) for e in EVENTS)} claims")

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/interview-2020-11-06.txt")
