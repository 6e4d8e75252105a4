"""Dutch and English labels: the one place every visible word of the report comes from.

Keys are dotted (``status.in_support``); each has a Dutch (``nl``) and an
English (``en``) text. Code values of the input contract are labelled under
their domain (``sex.M``, ``education_level.mbo``). A missing key is an error,
never a silent fallback to the key itself.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

LANGS = ("nl", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    # ----------------------------------------------------------------- report frame
    "report.title": {"nl": "Evaluatie arbeidstoeleiding vergunninghouders",
                     "en": "Evaluation of labour market integration of refugees"},
    "report.subtitle_municipality": {
        "nl": "Gemeente {municipality}, peildatum {reference_date}",
        "en": "Municipality of {municipality}, reference date {reference_date}"},
    "report.subtitle_region": {
        "nl": "Arbeidsmarktregio {municipality}, peildatum {reference_date}",
        "en": "Labour market region {municipality}, reference date {reference_date}"},
    "report.toc": {"nl": "Inhoud", "en": "Contents"},
    "report.synthetic": {
        "nl": "Let op: dit rapport is gemaakt met synthetische (verzonnen) voorbeelddata. "
              "De cijfers gaan over niemand in het bijzonder en zijn geen uitkomst van een "
              "echte evaluatie.",
        "en": "Note: this report was made from synthetic (invented) example data. The figures "
              "describe no real person and are not the result of a real evaluation."},
    "report.generated": {"nl": "Gemaakt met evalkit {version}, run {run_id}",
                         "en": "Made with evalkit {version}, run {run_id}"},
    "report.suppressed_note": {
        "nl": "Cellen met minder dan {threshold} personen zijn weergegeven als \u201c<{threshold}\u201d; "
              "waar nodig is een tweede cel verborgen (\u201cx\u201d) zodat de eerste niet uit de "
              "totalen terug te rekenen is. Percentages staan er alleen bij een basis van ten "
              "minste {threshold} personen.",
        "en": "Cells with fewer than {threshold} people are shown as \u201c<{threshold}\u201d; where "
              "needed a second cell is hidden (\u201cx\u201d) so that the first cannot be worked "
              "out from the totals. Percentages are shown only on a base of at least {threshold} "
              "people."},
    "report.table": {"nl": "Tabel", "en": "Table"},
    "report.figure": {"nl": "Figuur", "en": "Figure"},
    "report.source": {"nl": "Bron: {source}; peildatum {reference_date}.",
                      "en": "Source: {source}; reference date {reference_date}."},
    "report.source_monitoring": {"nl": "monitoringsbestand", "en": "monitoring file"},
    "report.source_monitoring_synthetic": {"nl": "synthetisch voorbeeldbestand",
                                           "en": "synthetic example file"},
    # ----------------------------------------------------------------- stages
    "stage.00_data_checks": {"nl": "Datakwaliteit", "en": "Data quality"},
    "stage.10_cohort": {"nl": "De doelgroep", "en": "The cohort"},
    "stage.90_summary": {"nl": "Samenvatting", "en": "Summary"},
    # ----------------------------------------------------------------- data checks
    "checks.intro": {
        "nl": "Het monitoringsbestand {file} bevat {rows} rijen. De controles hieronder "
              "bepalen of het bestand bruikbaar is voor de evaluatie.",
        "en": "The monitoring file {file} holds {rows} rows. The checks below decide whether "
              "the file can be used for the evaluation."},
    "checks.table": {"nl": "Controles op het monitoringsbestand",
                     "en": "Checks on the monitoring file"},
    "checks.all_passed": {"nl": "Alle controles zijn geslaagd.",
                          "en": "All checks passed."},
    "checks.some_warnings": {"nl": "{n} controle(s) gaven een waarschuwing; zie de tabel.",
                             "en": "{n} check(s) gave a warning; see the table."},
    "checks.method": {
        "nl": "De controles staan in de Great Expectations-suite expectations/clients.json. "
              "Een kritieke controle die niet slaagt, stopt de evaluatie; een waarschuwing "
              "beperkt wat de hoofdstukken kunnen zeggen. De tabel toont per controle het aantal "
              "en aandeel afwijkende rijen en ten hoogste tien rijnummers, nooit de inhoud van "
              "een rij.",
        "en": "The checks are the Great Expectations suite expectations/clients.json. A critical "
              "check that fails stops the evaluation; a warning limits what the chapters can "
              "say. The table shows for each check the number and share of failing rows and at "
              "most ten row numbers, never the content of a row."},
    "col.check": {"nl": "Controle", "en": "Check"},
    "col.severity": {"nl": "Ernst", "en": "Severity"},
    "col.column": {"nl": "Kolom", "en": "Column"},
    "col.result": {"nl": "Uitkomst", "en": "Result"},
    "col.failing_rows": {"nl": "Afwijkende rijen", "en": "Failing rows"},
    "col.failing_share": {"nl": "Aandeel afwijkend (%)", "en": "Share failing (%)"},
    "col.example_rows": {"nl": "Rijnummers (max. 10)", "en": "Row numbers (up to 10)"},
    "severity.critical": {"nl": "kritiek", "en": "critical"},
    "severity.warning": {"nl": "waarschuwing", "en": "warning"},
    "result.pass": {"nl": "geslaagd", "en": "passed"},
    "result.fail": {"nl": "niet geslaagd", "en": "failed"},
    "result.not_applicable": {"nl": "n.v.t. (kolom ontbreekt)", "en": "n/a (no such column)"},
    "check.required_column": {"nl": "Verplichte kolom aanwezig", "en": "Required column present"},
    "check.id_present": {"nl": "Cliëntnummer ingevuld", "en": "Client id present"},
    "check.id_unique": {"nl": "Cliëntnummer uniek", "en": "Client id unique"},
    "check.municipality_code_format": {"nl": "Gemeentecode volgens CBS (GM0000)",
                                       "en": "CBS municipality code (GM0000)"},
    "check.date_not_after_reference": {"nl": "Geen datum na de peildatum",
                                       "en": "No date after the reference date"},
    "check.outflow_not_before_benefit": {"nl": "Uitstroom niet vóór start uitkering",
                                         "en": "Outflow not before benefit start"},
    "check.intake_not_before_known": {"nl": "Intake niet vóór datum in beeld",
                                      "en": "Intake not before known to the team"},
    "check.return_not_before_outflow": {"nl": "Terugval niet vóór uitstroom",
                                        "en": "Return to benefits not before outflow"},
    "check.reason_when_outflow": {"nl": "Reden uitstroom ingevuld bij uitstroom",
                                  "en": "Outflow reason present when there is outflow"},
    "check.no_reason_without_outflow": {"nl": "Geen reden uitstroom zonder uitstroomdatum",
                                        "en": "No outflow reason without an outflow date"},
    "check.code_in_set": {"nl": "Code binnen de toegestane waarden",
                          "en": "Code within its allowed values"},
    "check.codes_in_list_known": {"nl": "Codes in de lijst bekend", "en": "Codes in the list known"},
    "check.birth_year_possible": {"nl": "Geboortejaar mogelijk", "en": "Birth year possible"},
    "check.optional_column_mostly_filled": {"nl": "Kolom voor minstens 80% ingevuld",
                                            "en": "Column at least 80% filled in"},
    "check.housing_from_2014": {"nl": "Huisvesting vanaf 2014", "en": "Housing from 2014 on"},
    "check.benefit_not_before_housing": {"nl": "Start uitkering niet vóór huisvesting",
                                         "en": "Benefit start not before housing"},
    "check.outflow_not_before_intake": {
        "nl": "Uitstroom niet vóór de intake (anders alleen in het uitkeringsbestand)",
        "en": "Outflow not before the intake (otherwise in the benefit caseload only)"},
    "check.follow_not_before_pre": {"nl": "Vervolgtraject niet vóór voortraject",
                                    "en": "Follow-up trajectory not before pre-trajectory"},
    "check.adult_at_reference": {"nl": "Volwassen (18+) in het peiljaar",
                                 "en": "Adult (18+) in the reference year"},
    "checks.privacy": {
        "nl": "Privacy: {n} kolom(men) met direct identificerende gegevens zijn vóór verwerking "
              "verwijderd; het cliëntnummer is vervangen door een pseudoniem (HMAC-SHA256 met "
              "een geheime sleutel). {invalid} BSN(s) voldeden niet aan de elfproef.",
        "en": "Privacy: {n} column(s) with direct identifiers were removed before processing; "
              "the client id was replaced by a pseudonym (HMAC-SHA256 with a secret key). "
              "{invalid} BSN(s) failed the 11-check."},
    # ----------------------------------------------------------------- cohort
    "cohort.intro": {
        "nl": "De doelgroep bestaat uit {n} vergunninghouders in de bijstand. Dit hoofdstuk "
              "beschrijft wanneer zij gehuisvest zijn, wie zij zijn en waar zij op de peildatum "
              "staan.",
        "en": "The cohort consists of {n} refugees with a residence permit on social assistance. "
              "This chapter describes when they were housed, who they are and where they stand "
              "at the reference date."},
    "cohort.per_housing_year": {"nl": "Personen per jaar van huisvesting",
                                "en": "People per year of housing"},
    "cohort.composition": {"nl": "Samenstelling van de doelgroep",
                           "en": "Composition of the cohort"},
    "cohort.composition_by": {"nl": "Samenstelling naar {dimension}",
                              "en": "Composition by {dimension}"},
    "cohort.status": {"nl": "Stand van zaken op de peildatum",
                      "en": "Status at the reference date"},
    "cohort.status_by_year": {"nl": "Stand van zaken op de peildatum naar jaar van huisvesting",
                              "en": "Status at the reference date by year of housing"},
    "cohort.read_status": {
        "nl": "Lees de tabel per rij: iedere persoon staat op de peildatum in precies één "
              "categorie. \u2018Uitgestroomd\u2019 betekent dat de bijstandsuitkering is beëindigd, "
              "ongeacht wanneer.",
        "en": "Read the table by row: each person is in exactly one category at the reference "
              "date. \u2018Left benefits\u2019 means the bijstand benefit ended, whenever that was."},
    "cohort.reasons": {"nl": "Uitgestroomd op de peildatum, naar reden",
                       "en": "Left benefits by the reference date, by reason"},
    "cohort.read_reasons": {
        "nl": "Alle personen van wie de uitkering op of vóór de peildatum is beëindigd, ook vóór "
              "de start van de aanpak.",
        "en": "Everyone whose benefit ended on or before the reference date, including before "
              "the approach started."},
    "col.reason": {"nl": "Reden uitstroom", "en": "Reason for leaving benefits"},
    "outflow_reason.fulltime_work": {"nl": "voltijd werk", "en": "full-time work"},
    "outflow_reason.parttime_work": {"nl": "deeltijd werk", "en": "part-time work"},
    "outflow_reason.education": {"nl": "opleiding", "en": "education"},
    "outflow_reason.partner_income": {"nl": "inkomen partner", "en": "partner's income"},
    "outflow_reason.own_business": {"nl": "eigen bedrijf", "en": "own business"},
    "outflow_reason.moved": {"nl": "verhuisd naar andere gemeente",
                             "en": "moved to another municipality"},
    "outflow_reason.pension_age": {"nl": "AOW-leeftijd", "en": "state pension age"},
    "outflow_reason.obligations_not_met": {"nl": "niet voldaan aan verplichtingen",
                                           "en": "obligations not met"},
    "outflow_reason.other": {"nl": "overige reden", "en": "other reason"},
    "outflow_reason.unknown": {"nl": "reden onbekend", "en": "reason unknown"},
    "cohort.figure_housing": {"nl": "Aantal personen per jaar van huisvesting",
                              "en": "Number of people per year of housing"},
    "cohort.figure_status": {"nl": "Stand van zaken op de peildatum (% van de doelgroep)",
                             "en": "Status at the reference date (% of the cohort)"},
    # ----------------------------------------------------------------- summary
    "summary.intro": {
        "nl": "Op peildatum {reference_date} telt de doelgroep in {municipality} {n} "
              "vergunninghouders.",
        "en": "At the reference date {reference_date} the cohort in {municipality} counts {n} "
              "refugees with a residence permit."},
    "summary.key_figures": {"nl": "Kerncijfers met hun definitie", "en":
                            "Headline figures with their definitions"},
    "summary.status_table": {"nl": "Stand van zaken op de peildatum",
                             "en": "Status at the reference date"},
    "summary.interval": {"nl": "95%-interval", "en": "95% interval"},
    "summary.explain_cohort": {
        "nl": "Vergunninghouders in de bijstand in de doelgroep van de aanpak.",
        "en": "Refugees with a residence permit on bijstand in the approach's target group."},
    "summary.explain_work": {
        "nl": "Uitkering beëindigd wegens werk (voltijd of deeltijd), als aandeel van de hele "
              "doelgroep. Een stand, geen effect: een deel was ook zonder de aanpak gebeurd.",
        "en": "Benefit ended because of work (full-time or part-time), as a share of the whole "
              "cohort. A status, not an effect: part would have happened without the approach."},
    "summary.explain_work_national": {
        "nl": "Landelijk {national}% is een ruwe schatting van gemeenten en anders gemeten: geen "
              "uitspraak over verschil (zie Landelijke vergelijking).",
        "en": "The national {national}% is a rough estimate by municipalities, measured "
              "differently: no statement about a difference (see National comparison)."},
    "summary.explain_support": {"nl": "Opgepakt (brede intake gehad) en nog in de bijstand.",
                                "en": "Picked up (broad intake held) and still on bijstand."},
    "summary.explain_waiting": {
        "nl": "Nog niet opgepakt: wel in beeld maar geen intake, of niet in beeld bij het team.",
        "en": "Not yet picked up: known to the team without an intake, or not known."},
    "summary.explain_waiting_national": {"nl": "Landelijk {national}% (ruwe schatting).",
                                         "en": "Nationally {national}% (rough estimate)."},
    "summary.npv_value": {"nl": "{npv} euro (5\u201395%: {low} tot {high})",
                          "en": "{npv} euro (5\u201395%: {low} to {high})"},
    "summary.explain_npv": {
        "nl": "Netto contante waarde voor de gemeente over {horizon} jaar tegen {rate}%, alleen "
              "uitstroom door de aanpak (na dode gewicht en verdringing); baten-kostenverhouding "
              "{bcr}; kans op een positief saldo {p}% (Monte Carlo).",
        "en": "Net present value to the municipality over {horizon} years at {rate}%, only "
              "outflow the approach caused (after deadweight and displacement); benefit-cost "
              "ratio {bcr}; chance of a positive balance {p}% (Monte Carlo)."},
    "summary.explain_median_exit": {
        "nl": "De helft van de hele groep was na zoveel maanden uit de bijstand (Kaplan-Meier; "
              "wie nog in de bijstand zit, telt mee tot de peildatum). Alle redenen van uitstroom.",
        "en": "Half of the whole group had left benefits after so many months (Kaplan-Meier; "
              "people still on benefits count until the reference date). Every reason of exit."},
    "summary.work_over_time": {"nl": "Uitgestroomd naar werk na 12, 24 en 36 maanden",
                               "en": "Left for work after 12, 24 and 36 months"},
    "summary.months_short": {"nl": "mnd", "en": "months"},
    "summary.explain_work_over_time": {
        "nl": "Cumulatieve incidentie van uitstroom naar werk in de bijstand gemeten, met de andere "
              "uitstroom als concurrerende uitkomst (Aalen-Johansen), met 95%-interval.",
        "en": "Cumulative incidence of leaving benefits for work, with other exits as competing "
              "outcomes (Aalen-Johansen), with a 95% interval."},
    "summary.explain_wait": {
        "nl": "Van de huisvesting in de gemeente tot de brede intake; wie nog wacht, telt mee tot "
              "de peildatum (Kaplan-Meier).",
        "en": "From housing in the municipality to the broad intake; people still waiting count "
              "until the reference date (Kaplan-Meier)."},
    "summary.explain_fulltime": {
        "nl": "Van de hele doelgroep, op de peildatum: uitkering beëindigd wegens een voltijdbaan "
              "(Wilson 95%-interval).",
        "en": "Of the whole target group, at the reference date: benefit ended for a full-time "
              "job (Wilson 95% interval)."},
    "summary.quality_passed": {"nl": "geslaagd", "en": "passed"},
    "summary.quality_failed": {"nl": "niet geslaagd", "en": "failed"},
    "summary.explain_quality": {
        "nl": "{checks} controles op het monitoringsbestand; alle kritieke geslaagd, "
              "{warnings} waarschuwing(en) (zie Datakwaliteit).",
        "en": "{checks} checks on the monitoring file; every critical one passed, {warnings} "
              "warning(s) (see Data quality)."},
    "indicator.not_yet_supported": {"nl": "Nog niet opgepakt", "en": "Not yet picked up"},
    "indicator.npv": {"nl": "Kosten en baten", "en": "Costs and benefits"},
    "indicator.data_quality": {"nl": "Kwaliteit van de gegevens", "en": "Quality of the data"},
    "col.explanation": {"nl": "Definitie en kanttekening", "en": "Definition and caveat"},
    "summary.headline": {"nl": "Kerncijfers", "en": "Headline figures"},
    "summary.definitions": {"nl": "Definities", "en": "Definitions"},
    "summary.def_status": {
        "nl": "Alle aandelen zijn percentages van de hele doelgroep op de peildatum. "
              "\u2018In beeld\u2019: het team kent de persoon. \u2018Opgepakt\u2019: er is een brede "
              "intake geweest. \u2018Uitgestroomd\u2019: de bijstandsuitkering is beëindigd.",
        "en": "All shares are percentages of the whole cohort at the reference date. "
              "\u2018Known to the team\u2019: the team knows the person. \u2018Picked up\u2019: a broad "
              "intake took place. \u2018Left benefits\u2019: the bijstand benefit ended."},
    "summary.caveat_status": {
        "nl": "Uitstroom is hier een stand op de peildatum, geen duurzaam effect van de aanpak: "
              "een deel van de uitstroom was ook zonder de aanpak gebeurd.",
        "en": "Outflow here is a status at the reference date, not a lasting effect of the "
              "approach: part of it would have happened without the approach too."},
    "summary.data_quality": {"nl": "Kwaliteit van de gegevens", "en": "Quality of the data"},
    "summary.quality_ok": {
        "nl": "Het monitoringsbestand ({rows} rijen) doorstond alle kritieke controles.",
        "en": "The monitoring file ({rows} rows) passed every critical check."},
    "summary.quality_warnings": {
        "nl": "{n} controle(s) gaven een waarschuwing; zie het hoofdstuk Datakwaliteit.",
        "en": "{n} check(s) gave a warning; see the chapter Data quality."},
    "col.indicator": {"nl": "Indicator", "en": "Indicator"},
    "col.value": {"nl": "Waarde", "en": "Value"},
    "indicator.cohort_size": {"nl": "Omvang doelgroep", "en": "Size of the cohort"},
    "indicator.left_work": {"nl": "Uitgestroomd naar werk", "en": "Left benefits for work"},
    "indicator.left_education": {"nl": "Uitgestroomd naar opleiding",
                                 "en": "Left benefits for education"},
    "indicator.left_other": {"nl": "Overige uitstroom", "en": "Other outflow"},
    "indicator.in_support": {"nl": "In begeleiding", "en": "In support"},
    "indicator.known_not_picked_up": {"nl": "In beeld, nog niet opgepakt",
                                      "en": "Known, not yet picked up"},
    "indicator.not_known": {"nl": "Niet in beeld", "en": "Not known to the team"},
    # ----------------------------------------------------------------- outflow
    "stage.20_outflow": {"nl": "Uitstroom", "en": "Outflow"},
    "outflow.intro": {
        "nl": "Wie is uit de bijstand gestroomd, waarom, en hoe snel? Uitstroom telt hier "
              "als het einde van de bijstandsuitkering; verhuizing naar een andere gemeente "
              "telt bij de duurmetingen niet als uitstroom.",
        "en": "Who left social assistance, why, and how fast? Outflow here is the end of the "
              "bijstand benefit; moving to another municipality does not count as leaving "
              "benefits in the duration measures."},
    "outflow.reasons": {"nl": "Redenen van uitstroom, {start} tot en met {end}",
                        "en": "Reasons for leaving benefits, {start} to {end}"},
    "outflow.reasons_figure": {"nl": "Redenen van uitstroom (aantal personen)",
                               "en": "Reasons for leaving benefits (number of people)"},
    "outflow.flows": {"nl": "Caseload per jaar", "en": "Caseload per year"},
    "outflow.flows_programme": {"nl": "Caseload van de aanpak per jaar (van intake tot uitstroom)",
                                "en": "Caseload of the approach per year (from intake to exit)"},
    "outflow.flows_benefit": {
        "nl": "Uitkeringsbestand per jaar (van start bijstand tot uitstroom)",
        "en": "Benefit caseload per year (from the start of bijstand to exit)"},
    "outflow.flows_note": {
        "nl": "Berekend uit de datums: in begeleiding = intake gehad en nog in de bijstand. "
              "Het laatste jaar loopt tot de peildatum. Elk jaar geldt: overgenomen + nieuw - "
              "uitstroom = resterend.",
        "en": "Computed from the dates: in support = had an intake and still on benefits. The "
              "last year runs to the reference date. Every year: carried in + new - outflow = "
              "remaining."},
    "outflow.flows_benefit_note": {
        "nl": "Iedereen in het bestand vanaf de start van de bijstand, met of zonder intake. Elk "
              "jaar geldt: overgenomen + nieuw - uitstroom = resterend.",
        "en": "Everyone in the file from the start of bijstand, with or without an intake. Every "
              "year: carried in + new - outflow = remaining."},
    "outflow.exit_before_intake": {
        "nl": "{n} personen stroomden uit de bijstand vóór hun intake. Zij waren nooit in "
              "begeleiding terwijl ze een uitkering hadden en tellen daarom alleen in het "
              "uitkeringsbestand mee, niet in de caseload van de aanpak (zie de datacontrole).",
        "en": "{n} people left benefits before their intake. They were never in support while "
              "on benefits, so they count in the benefit caseload only, not in the caseload of "
              "the approach (see the data checks)."},
    "outflow.whole_group": {"nl": "Kerncijfers voor de hele groep",
                            "en": "Headline figures for the whole group"},
    "outflow.whole_group_note": {
        "nl": "Duur vanaf {origin}; mediaan met 95%-interval (Kaplan-Meier), cumulatieve "
              "incidenties met 95%-interval (Aalen-Johansen, bootstrap). Het aandeel voltijd werk "
              "is een aandeel van de hele groep op de peildatum, uit aantallen berekend (Wilson-"
              "interval). Geen schatting waar minder dan {threshold} personen nog gevolgd worden.",
        "en": "Time from {origin}; median with 95% interval (Kaplan-Meier), cumulative incidences "
              "with 95% interval (Aalen-Johansen, bootstrap). The share in full-time work is a "
              "share of the whole group at the reference date, computed from counts (Wilson "
              "interval). No estimate where fewer than {threshold} people are still followed."},
    "left_out.missing": {
        "nl": "Weggelaten: {analysis}, want het bestand heeft geen kolom '{column}'.",
        "en": "Left out: {analysis}, because the file has no column '{column}'."},
    "left_out.empty": {
        "nl": "Weggelaten: {analysis}, want de kolom '{column}' is leeg.",
        "en": "Left out: {analysis}, because the column '{column}' is empty."},
    "analysis.interventions": {"nl": "de tabel met deelnemers per interventie",
                               "en": "the table of participants per intervention"},
    "analysis.employer_projects": {"nl": "de tabel met plaatsingen via werkgeversprojecten",
                                   "en": "the table of placements through employer projects"},
    "analysis.mediation": {"nl": "de tabellen van uitstroom naar werk per bemiddelaar",
                           "en": "the tables of outflow to work by mediator"},
    "analysis.sector": {"nl": "de verdeling over sectoren in de bemiddelingstabel",
                        "en": "the split by sector in the mediation table"},
    "analysis.pre_trajectory": {"nl": "de wachttijd tot het voortraject",
                                "en": "the wait for the pre-trajectory"},
    "analysis.follow_trajectory": {"nl": "de wachttijd tot het vervolgtraject",
                                   "en": "the wait for the follow-up trajectory"},
    "analysis.standardisation": {"nl": "de indirecte standaardisatie naar land van herkomst",
                                 "en": "the indirect standardisation by country of origin"},
    "outflow.flows_check": {"nl": "Rekenfouten in de gepubliceerde caseloadtabel",
                            "en": "Arithmetic errors in the published caseload table"},
    "outflow.flows_check_none": {"nl": "De gepubliceerde caseloadtabel telt overal op.",
                                 "en": "The published caseload table adds up everywhere."},
    "outflow.per_specialist": {"nl": "Caseload per specialist (fte)",
                               "en": "Caseload per specialist (fte)"},
    "outflow.time_to_exit": {"nl": "Duur tot uitstroom", "en": "Time to leaving benefits"},
    "outflow.km_note": {
        "nl": "Kaplan-Meier-schatting van het aandeel nog in de bijstand, vanaf {origin}, per "
              "jaar van huisvesting. Wie op de peildatum nog in de bijstand zit, telt mee tot de "
              "peildatum (gecensureerd). De lijn stopt waar minder dan {threshold} personen "
              "over zijn. Band: 95%-betrouwbaarheidsinterval.",
        "en": "Kaplan-Meier estimate of the share still on benefits, from {origin}, by year of "
              "housing. People still on benefits at the reference date count until that date "
              "(censored). A line stops where fewer than {threshold} people remain. Band: 95% "
              "confidence interval."},
    "outflow.km_figure": {"nl": "Aandeel nog in de bijstand, per jaar van huisvesting",
                          "en": "Share still on benefits, by year of housing"},
    "outflow.medians": {"nl": "Mediane duur tot uitstroom (maanden), per jaar van huisvesting",
                        "en": "Median time to leaving benefits (months), by year of housing"},
    "outflow.cif_figure": {"nl": "Uitstroom naar werk, opleiding en overig (cumulatieve incidentie)",
                           "en": "Exits to work, education and other (cumulative incidence)"},
    "outflow.cif_note": {
        "nl": "Aalen-Johansen-schatting: werk, opleiding en overige uitstroom sluiten elkaar uit "
              "(concurrerende uitkomsten). Samen met het aandeel nog in de bijstand telt het op "
              "tot 100%.",
        "en": "Aalen-Johansen estimate: work, education and other exits exclude each other "
              "(competing outcomes). Together with the share still on benefits it adds up to "
              "100%."},
    "outflow.work_shares": {"nl": "Aandeel uitgestroomd naar werk na 6, 12, 24 en 36 maanden",
                            "en": "Share that left benefits for work after 6, 12, 24 and 36 months"},
    "outflow.work_note": {
        "nl": "Cumulatieve incidentie van uitstroom naar werk met 95%-interval (bootstrap, "
              "{reps} trekkingen, vaste seed). Geen schatting waar minder dan {threshold} "
              "personen nog gevolgd worden.",
        "en": "Cumulative incidence of leaving for work with a 95% interval (bootstrap, {reps} "
              "resamples, fixed seed). No estimate where fewer than {threshold} people are "
              "still followed."},
    "outflow.waiting": {"nl": "Wachttijden in de route", "en": "Waiting times along the route"},
    "outflow.waiting_note": {
        "nl": "Elke stap gemeten vanaf de vorige. Wie de volgende stap nog niet heeft gezet, telt "
              "mee tot de peildatum of tot het einde van de uitkering (gecensureerd); alleen de "
              "afgeronde wachttijden middelen zou de wachttijd onderschatten.",
        "en": "Each step timed from the one before. People who have not taken the next step "
              "count until the reference date or the end of their benefit (censored); averaging "
              "only the completed waits would understate the wait."},
    "outflow.waiting_figure": {"nl": "Aandeel dat nog wacht op de volgende stap",
                               "en": "Share still waiting for the next step"},
    "outflow.subgroups": {"nl": "Uitstroom naar {dimension}", "en": "Outflow by {dimension}"},
    "outflow.subgroups_note": {
        "nl": "Groepen kleiner dan {threshold} personen zijn samengevoegd of weggelaten. "
              "Logranktoets op gelijke uitstroomduur tussen de groepen: p = {p}.",
        "en": "Groups of fewer than {threshold} people are merged or left out. Log-rank test of "
              "equal time to outflow across groups: p = {p}."},
    "outflow.interventions": {"nl": "Deelnemers per interventie en uitstroom naar werk",
                              "en": "Participants per intervention and outflow to work"},
    "outflow.projects": {"nl": "Plaatsingen via werkgeversprojecten",
                         "en": "Placements through employer projects"},
    "outflow.mediation": {"nl": "Uitstroom naar werk in {year} via het werkgeversservicepunt (WGT)",
                          "en": "Outflow to work in {year} through the employer service team (WGT)"},
    "outflow.mediation_channel": {"nl": "Uitstroom naar werk in {year} naar bemiddelaar",
                                  "en": "Outflow to work in {year} by mediator"},
    "outflow.read": {
        "nl": "Lees de duren als: de helft van de groep was na zoveel maanden uit de bijstand. "
              "Een interval dat een andere groep overlapt, betekent dat het verschil ook toeval "
              "kan zijn. Uitstroom is geen effect van de aanpak: zie het hoofdstuk over kosten en "
              "baten voor wat er zonder de aanpak was gebeurd.",
        "en": "Read the durations as: half of the group had left benefits after so many months. "
              "An interval that overlaps another group's means the difference may be chance. "
              "Outflow is not an effect of the approach: see the cost-benefit chapter for what "
              "would have happened without it."},
    "origin.benefit_start_date": {"nl": "de start van de uitkering", "en": "the start of benefits"},
    "origin.housing_date": {"nl": "de huisvesting", "en": "housing"},
    "origin.intake_date": {"nl": "de intake", "en": "the intake"},
    "col.reason_group": {"nl": "Reden", "en": "Reason"},
    "reason_group.fulltime_work": {"nl": "voltijd baan (incl. BBL)", "en": "full-time job (incl. BBL)"},
    "reason_group.parttime_work": {"nl": "deeltijd baan", "en": "part-time job"},
    "reason_group.education": {"nl": "opleiding", "en": "education"},
    "reason_group.other": {"nl": "overig", "en": "other"},
    "col.year": {"nl": "Jaar", "en": "Year"},
    "flowcheck.carried_in_plus_new": {"nl": "overgenomen + nieuw = totaal",
                                      "en": "carried in + new = total"},
    "flowcheck.total_minus_outflow": {"nl": "totaal - uitstroom = resterend",
                                      "en": "total - outflow = remaining"},
    "flowcheck.carried_in_is_previous_remaining": {
        "nl": "overgenomen = resterend vorig jaar", "en": "carried in = previous remaining"},
    "report.source_cited": {"nl": "Bron: {source}.", "en": "Source: {source}."},
    "col.carried_in": {"nl": "Overgenomen", "en": "Carried in"},
    "col.new": {"nl": "Nieuw", "en": "New"},
    "col.total_supported": {"nl": "Totaal in begeleiding", "en": "Total in support"},
    "col.total_on_benefit": {"nl": "Totaal in de bijstand", "en": "Total on benefits"},
    "col.outflow": {"nl": "Uitstroom", "en": "Outflow"},
    "col.remaining": {"nl": "Resterend", "en": "Remaining"},
    "col.printed": {"nl": "Gedrukt", "en": "Printed"},
    "col.computed": {"nl": "Berekend", "en": "Computed"},
    "col.not_yet_picked_up": {"nl": "Nog niet opgepakt", "en": "Not yet picked up"},
    "col.expected_new": {"nl": "Verwacht nieuw", "en": "Expected new"},
    "col.fte": {"nl": "Fte", "en": "Fte"},
    "col.per_fte": {"nl": "Per fte", "en": "Per fte"},
    "col.per_fte_published": {"nl": "Per fte (gepubliceerd totaal)",
                              "en": "Per fte (published total)"},
    "col.people": {"nl": "Personen", "en": "People"},
    "col.exits": {"nl": "Uitgestroomd", "en": "Left benefits"},
    "col.median_months": {"nl": "Mediaan maanden (95%-interval)", "en": "Median months (95% interval)"},
    "col.months": {"nl": "Maanden", "en": "Months"},
    "col.at_risk": {"nl": "Nog gevolgd", "en": "Still followed"},
    "col.share_work": {"nl": "Aandeel naar werk % (95%-interval)",
                       "en": "Share to work % (95% interval)"},
    "col.work_12": {"nl": "Naar werk na 12 mnd % (95%-int.)", "en": "To work by 12 months % (95% int.)"},
    "col.work_24": {"nl": "Naar werk na 24 mnd % (95%-int.)", "en": "To work by 24 months % (95% int.)"},
    "col.step": {"nl": "Stap", "en": "Step"},
    "col.ended": {"nl": "Stap gezet", "en": "Step taken"},
    "col.median_days": {"nl": "Mediaan dagen (95%-interval)", "en": "Median days (95% interval)"},
    "col.within_90": {"nl": "Binnen 90 dagen % (95%-interval)", "en": "Within 90 days % (95% interval)"},
    "col.group": {"nl": "Groep", "en": "Group"},
    "col.intervention": {"nl": "Interventie", "en": "Intervention"},
    "col.participants": {"nl": "Deelnemers", "en": "Participants"},
    "col.left_for_work": {"nl": "Waarvan uitgestroomd naar werk", "en": "Of whom left for work"},
    "col.feature": {"nl": "Kenmerk", "en": "Feature"},
    "col.project": {"nl": "Werkgeversproject", "en": "Employer project"},
    "col.mediator": {"nl": "Bemiddelaar", "en": "Mediator"},
    "col.route": {"nl": "route", "en": "route"},
    "step.housing_date__intake_date": {"nl": "huisvesting \u2192 intake (hele wachttijd)",
                                       "en": "housing \u2192 intake (whole wait)"},
    "headline.median_exit_days": {"nl": "Mediane duur tot uitstroom (dagen)",
                                  "en": "Median time to leaving benefits (days)"},
    "headline.median_exit_months": {"nl": "Mediane duur tot uitstroom (maanden)",
                                    "en": "Median time to leaving benefits (months)"},
    "headline.cif_work_12": {"nl": "Uitgestroomd naar werk na 12 maanden",
                             "en": "Left for work after 12 months"},
    "headline.cif_work_24": {"nl": "Uitgestroomd naar werk na 24 maanden",
                             "en": "Left for work after 24 months"},
    "headline.cif_work_36": {"nl": "Uitgestroomd naar werk na 36 maanden",
                             "en": "Left for work after 36 months"},
    "headline.cif_education_12": {"nl": "Uitgestroomd naar opleiding na 12 maanden",
                                  "en": "Left for education after 12 months"},
    "headline.cif_education_24": {"nl": "Uitgestroomd naar opleiding na 24 maanden",
                                  "en": "Left for education after 24 months"},
    "headline.cif_education_36": {"nl": "Uitgestroomd naar opleiding na 36 maanden",
                                  "en": "Left for education after 36 months"},
    "headline.median_wait_housing_intake": {
        "nl": "Mediane wachttijd huisvesting \u2192 intake (dagen)",
        "en": "Median wait housing \u2192 intake (days)"},
    "headline.share_fulltime_work": {"nl": "Aandeel van de hele groep uitgestroomd naar voltijd werk",
                                     "en": "Share of the whole group that left for full-time work"},
    "col.low95": {"nl": "Ondergrens 95%", "en": "Lower 95%"},
    "col.high95": {"nl": "Bovengrens 95%", "en": "Upper 95%"},
    "col.events": {"nl": "Gebeurtenissen", "en": "Events"},
    "col.base_people": {"nl": "Basis (personen)", "en": "Base (people)"},
    "step.housing_date__known_to_team_date": {"nl": "huisvesting \u2192 in beeld",
                                              "en": "housing \u2192 known to the team"},
    "step.known_to_team_date__intake_date": {"nl": "in beeld \u2192 intake",
                                             "en": "known \u2192 intake"},
    "step.intake_date__pre_trajectory_start": {"nl": "intake \u2192 voortraject",
                                               "en": "intake \u2192 pre-trajectory"},
    "step.pre_trajectory_start__follow_trajectory_start": {
        "nl": "voortraject \u2192 vervolgtraject", "en": "pre-trajectory \u2192 follow-up"},
    "intervention.refugee_team": {"nl": "Refugee Team", "en": "Refugee Team"},
    "intervention.werkclub": {"nl": "Werkclub", "en": "Werkclub (job club)"},
    "intervention.bbl": {"nl": "BBL-traject", "en": "BBL (work-based learning)"},
    "feature.fulltime": {"nl": "voltijd", "en": "full-time"},
    "feature.parttime": {"nl": "deeltijd", "en": "part-time"},
    "feature.project": {"nl": "via werkgeversproject", "en": "through an employer project"},
    "feature.regular": {"nl": "regulier", "en": "regular"},
    "feature.construction": {"nl": "bouw", "en": "construction"},
    "feature.technical": {"nl": "techniek", "en": "technical"},
    "feature.care": {"nl": "zorg", "en": "care"},
    "feature.logistics": {"nl": "transport en logistiek", "en": "transport and logistics"},
    "feature.cleaning": {"nl": "schoonmaak", "en": "cleaning"},
    "feature.hospitality_retail": {"nl": "horeca en detailhandel", "en": "hospitality and retail"},
    "feature.business_services": {"nl": "zakelijke dienstverlening", "en": "business services"},
    "mediated_by.wgt": {"nl": "werkgeversservicepunt (WGT)", "en": "employer service team (WGT)"},
    "mediated_by.team": {"nl": "team Migratie", "en": "the migration team"},
    "mediated_by.own_network": {"nl": "eigen netwerk", "en": "own network"},
    "route.work": {"nl": "werk", "en": "work"},
    "route.education": {"nl": "onderwijs", "en": "education"},
    "route.activation": {"nl": "activering", "en": "activation"},
    "route.social_participation": {"nl": "maatschappelijke participatie", "en": "social participation"},
    "group.small_groups": {"nl": "kleine groepen samen", "en": "small groups together"},
    "value.not_reached": {"nl": "niet bereikt", "en": "not reached"},
    "value.open": {"nl": "open", "en": "open"},
    "value.no_estimate": {"nl": "geen schatting", "en": "no estimate"},
    "cause.work": {"nl": "werk", "en": "work"},
    "cause.education": {"nl": "opleiding", "en": "education"},
    "cause.other": {"nl": "overige uitstroom", "en": "other exit"},
    "cause.on_benefits": {"nl": "nog in de bijstand", "en": "still on benefits"},
    "axis.months": {"nl": "Maanden", "en": "Months"},
    "axis.still_on_benefits": {"nl": "Nog in de bijstand", "en": "Still on benefits"},
    "axis.share": {"nl": "Aandeel van de groep", "en": "Share of the group"},
    "axis.still_waiting": {"nl": "Wacht nog", "en": "Still waiting"},
    # ----------------------------------------------------------------- cost-benefit
    "stage.30_cost_benefit": {"nl": "Kosten en baten", "en": "Costs and benefits"},
    "cb.intro": {
        "nl": "Eerst de rekensom van de referentie-evaluatie, nagerekend uit haar eigen invoer en "
              "gecontroleerd op rekenfouten. Daarna de analyse die daar ontbrak: alleen de "
              "uitstroom die door de aanpak komt (zonder dode-gewichteffect en verdringing), "
              "over meerdere jaren, verdisconteerd, met gevoeligheidsanalyse. De gemeentelijke "
              "business case en het maatschappelijk perspectief staan apart en worden nooit "
              "opgeteld.",
        "en": "First the reference evaluation's own sum, recomputed from its inputs and checked "
              "for arithmetic errors. Then the analysis it lacked: only the outflow the approach "
              "caused (without deadweight and displacement), over several years, discounted, "
              "with sensitivity analysis. The municipal business case and the societal view are "
              "kept apart and never added together."},
    "cb.intro_own": {
        "nl": "Eerst de bruto rekensom van één jaar: kosten van de aanpak tegen de besparing op "
              "uitkeringen van wie naar werk uitstroomde. Daarna alleen de uitstroom die door de "
              "aanpak komt (zonder dode-gewichteffect en verdringing), over meerdere jaren, "
              "verdisconteerd, met gevoeligheidsanalyse. De gemeentelijke business case en het "
              "maatschappelijk perspectief staan apart en worden nooit opgeteld.",
        "en": "First the gross sum of one year: the cost of the approach against the benefits "
              "saved on those who left for work. Then only the outflow the approach caused "
              "(without deadweight and displacement), over several years, discounted, with "
              "sensitivity analysis. The municipal business case and the societal view are kept "
              "apart and never added together."},
    "cb.gross": {"nl": "Bruto kosten en besparing in één jaar ({year})",
                 "en": "Gross cost and saving in one year ({year})"},
    "cb.gross_note": {
        "nl": "Kosten = gerealiseerde kosten min vergoedingen; besparing = uitstroom voltijd x "
              "kosten van een uitkering + uitstroom deeltijd x kosten x deeltijdfactor. Bruto: "
              "zonder dode-gewichteffect, verdringing, duurzaamheid of verdiscontering.",
        "en": "Cost = realised costs minus compensations; saving = full-time exits x cost of a "
              "benefit + part-time exits x cost x part-time fraction. Gross: no deadweight, "
              "displacement, durability or discounting."},
    "cb.missing": {
        "nl": "Geen kosten-batenanalyse: de configuratie heeft geen sectie 'cost_benefit'. "
              "Nodig zijn de kosten van de aanpak in één jaar van deze gemeente zelf, met bron: "
              "{inputs}. Er worden geen kosten van een andere gemeente of evaluatie gebruikt. "
              "'evalkit init' schrijft een startconfiguratie waarin deze sectie klaarstaat.",
        "en": "No cost-benefit analysis: the config has no 'cost_benefit' section. It needs this "
              "municipality's own costs of the approach in one year, each with its source: "
              "{inputs}. No other municipality's or evaluation's costs are used. 'evalkit init' "
              "writes a starter config with this section ready to fill in."},
    "cb.source_config": {"nl": "configuratie van deze evaluatie",
                         "en": "configuration of this evaluation"},
    "cb.outflow_from_file": {
        "nl": "De uitstroom naar werk in {year} is geteld in het monitoringsbestand "
              "(uitstroomreden voltijd of deeltijd werk, uitstroomdatum in {year}).",
        "en": "Outflow to work in {year} is counted from the monitoring file (outflow reason "
              "full-time or part-time work, outflow date in {year})."},
    "cb.outflow_from_config": {
        "nl": "De uitstroom naar werk is door de evaluator opgegeven in de configuratie, niet "
              "geteld in het bestand (bron: {source}).",
        "en": "Outflow to work was given by the evaluator in the configuration, not counted "
              "from the file (source: {source})."},
    "cb.kplusv": {"nl": "De business case van {name} ({year}), nagerekend",
                  "en": "The business case of {name} ({year}), recomputed"},
    "cb.kplusv_table": {"nl": "Bruto kosten en besparing in één jaar ({year}), berekend en "
                              "zoals gedrukt",
                        "en": "Gross cost and saving in one year ({year}), computed and as "
                              "printed"},
    "cb.kplusv_note": {
        "nl": "Kosten = gerealiseerde kosten min vergoedingen; besparing = uitstroom voltijd x "
              "kosten van een uitkering + uitstroom deeltijd x kosten x deeltijdfactor. Bruto: "
              "zonder dode-gewichteffect, verdringing, duurzaamheid of verdiscontering. De "
              "referentie-evaluatie noemt deze cijfers zelf fictief.",
        "en": "Cost = realised costs minus compensations; saving = full-time exits x cost of a "
              "benefit + part-time exits x cost x part-time fraction. Gross: no deadweight, "
              "displacement, durability or discounting. The reference evaluation itself calls "
              "these figures fictional."},
    "cb.budget": {"nl": "Controle van de gepubliceerde begroting", "en":
                  "Check of the published budget"},
    "cb.inconsistencies": {"nl": "Inconsistenties in de gepubliceerde cijfers",
                           "en": "Inconsistencies in the published figures"},
    "cb.inconsistencies_note": {
        "nl": "Deze cijfers volgen niet uit hun eigen invoer. Ze zijn hier gemeld en niet "
              "gecorrigeerd; de berekeningen hierna gebruiken de invoer, niet het gedrukte cijfer.",
        "en": "These figures do not follow from their own inputs. They are reported here, not "
              "corrected; the calculations below use the inputs, not the printed figure."},
    "cb.inconsistencies_none": {"nl": "Alle gedrukte bedragen volgen uit hun invoer.",
                                "en": "Every printed amount follows from its inputs."},
    "cb.other_revenues_note": {
        "nl": "Overige baten van {amount} euro ({sources}) zijn niet van de kosten afgetrokken: "
              "ze bekostigden personeel dat de aanpak wel inzette (zoals in de "
              "referentie-evaluatie). De lage waarde van de kosten in de gevoeligheidsanalyse "
              "laat zien wat aftrekken zou doen.",
        "en": "Other revenues of {amount} euro ({sources}) are not deducted from the cost: they "
              "paid for staff the approach did use (as in the reference evaluation). The low "
              "value of the cost in the sensitivity analysis shows what deducting would do."},
    "cb.assumptions_heading": {"nl": "Uitgangspunten", "en": "Assumptions"},
    "cb.assumptions": {"nl": "Alle uitgangspunten van de kosten-batenanalyse, met bron",
                       "en": "Every assumption of the cost-benefit analysis, with its source"},
    "cb.assumptions_note": {
        "nl": "Laag en hoog zijn de waarden in de gevoeligheidsanalyse (tornadodiagram) en de "
              "grenzen van de Monte Carlo-simulatie.",
        "en": "Low and high are the values of the sensitivity analysis (tornado chart) and the "
              "bounds of the Monte Carlo simulation."},
    "cb.deadweight_source": {
        "nl": "landelijk {national}% ({source}; vergelijkbaarheid: {comparability}) gedeeld door "
              "lokaal {local}% uitgestroomd naar werk (monitoringsbestand)",
        "en": "national {national}% ({source}; comparability: {comparability}) divided by local "
              "{local}% left for work (monitoring file)"},
    "cb.durability_source": {
        "nl": "monitoringsbestand: Kaplan-Meier van uitstroom naar werk tot terugval in de "
              "bijstand, 12 maanden ({n} personen, {returns} keer terugval); laag en hoog "
              "= 95%-interval",
        "en": "monitoring file: Kaplan-Meier from outflow to work to a return to bijstand, "
              "12 months ({n} people, {returns} returns); low and high = 95% interval"},
    "cb.durability_assumed": {
        "nl": "Het bestand heeft geen datums van terugval in de bijstand: de duurzaamheid is een "
              "aanname, geen meting.",
        "en": "The file has no dates of return to bijstand: durability is an assumption, not a "
              "measurement."},
    "cb.municipal": {"nl": "Gemeentelijke business case", "en": "Municipal business case"},
    "cb.scenarios": {"nl": "Netto contante waarde per horizon en verdringingsscenario",
                     "en": "Net present value by horizon and displacement scenario"},
    "cb.scenarios_note": {
        "nl": "Netto uitstroom = bruto x (1 - dode gewicht) x (1 - verdringing); contante waarde "
              "tegen {rate}% per jaar; dode gewicht {deadweight}%, duurzaamheid {durability}% "
              "per jaar. Kosten vallen in het programmajaar. Verdringing is niet lokaal gemeten: "
              "de drie waarden zijn scenario's.",
        "en": "Net exits = gross x (1 - deadweight) x (1 - displacement); present value at "
              "{rate}% a year; deadweight {deadweight}%, durability {durability}% a year. Costs "
              "fall in the programme year. Displacement has no local estimate: the three values "
              "are scenarios."},
    "cb.break_even": {"nl": "Omslagpunten (horizon {horizon} jaar)",
                      "en": "Break-even values (horizon {horizon} years)"},
    "cb.break_even_note": {
        "nl": "Bij de omslagwaarde is de netto contante waarde nul, met de andere "
              "uitgangspunten op hun basiswaarde. Leeg: geen waarde tussen 0 en 100% haalt nul.",
        "en": "At the break-even value the net present value is zero, the other assumptions at "
              "their base values. Empty: no value between 0 and 100% reaches zero."},
    "cb.sensitivity": {"nl": "Gevoeligheid", "en": "Sensitivity"},
    "cb.tornado_figure": {
        "nl": "Netto contante waarde als één uitgangspunt naar zijn lage of hoge waarde gaat "
              "(horizon {horizon} jaar)",
        "en": "Net present value when one assumption moves to its low or high value "
              "(horizon {horizon} years)"},
    "cb.tornado_table": {"nl": "Eenzijdige gevoeligheid", "en": "One-way sensitivity"},
    "cb.at_low": {"nl": "lage waarde", "en": "low value"},
    "cb.at_high": {"nl": "hoge waarde", "en": "high value"},
    "cb.monte_carlo": {"nl": "Monte Carlo-simulatie van de netto contante waarde "
                             "(horizon {horizon} jaar)",
                       "en": "Monte Carlo simulation of the net present value "
                             "(horizon {horizon} years)"},
    "cb.monte_carlo_note": {
        "nl": "Alle onzekere uitgangspunten tegelijk getrokken: uitstroomkans uit een "
              "Beta-verdeling, verdringing, dode gewicht en duurzaamheid uniform, kosten "
              "driehoekig. Met een vaste seed geeft elke herhaling dezelfde uitkomst.",
        "en": "All uncertain assumptions drawn together: outflow rate from a Beta distribution, "
              "displacement, deadweight and durability uniform, cost triangular. With a fixed "
              "seed every rerun gives the same result."},
    "cb.monte_carlo_figure": {"nl": "Verdeling van de netto contante waarde over de trekkingen; "
                                    "lijnen op 0 en op de 5%- en 95%-grens",
                              "en": "Distribution of the net present value over the draws; "
                                    "lines at 0 and at the 5% and 95% bounds"},
    "cb.societal": {"nl": "Maatschappelijk perspectief", "en": "Societal view"},
    "cb.societal_table": {"nl": "Maatschappelijke kosten en baten, contante waarde "
                                "(horizon {horizon} jaar)",
                          "en": "Societal costs and benefits, present value "
                                "(horizon {horizon} years)"},
    "cb.societal_note": {
        "nl": "De uitkering zelf is een overdracht van gemeente naar persoon: geen kosten of baten "
              "voor de samenleving (ter informatie vermeld). Productie van de extra banen staat "
              "PM (pro memorie) zolang er geen loongegevens zijn; daarom staat ook het saldo PM. "
              "Tel dit nooit op bij de gemeentelijke business case.",
        "en": "The benefit itself is a transfer from the municipality to the person: neither a "
              "cost nor a gain to society (shown for information). Production of the extra jobs "
              "is PM (pro memorie) while no wage data is given; hence the balance is PM too. "
              "Never add this to the municipal business case."},
    "cb_check.realised_costs": {"nl": "Gerealiseerde kosten", "en": "Realised costs"},
    "cb_check.compensations": {"nl": "Vergoedingen (afgetrokken)",
                              "en": "Compensations (deducted)"},
    "cb_check.cost_of_approach": {"nl": "Kosten van de aanpak", "en": "Cost of the approach"},
    "cb_check.cost_per_person": {"nl": "Kosten per persoon in begeleiding",
                                "en": "Cost per person supported"},
    "cb_check.benefit_cost_total": {"nl": "Uitkeringslasten van alle personen in begeleiding",
                                   "en": "Benefit cost of everyone supported"},
    "cb_check.savings_fulltime": {"nl": "Besparing door uitstroom naar voltijd werk",
                                 "en": "Saving from exits to full-time work"},
    "cb_check.savings_parttime": {"nl": "Besparing door uitstroom naar deeltijd werk",
                                 "en": "Saving from exits to part-time work"},
    "cb_check.savings_total": {"nl": "Besparing totaal", "en": "Total saving"},
    "cb_check.net_one_year": {"nl": "Besparing min kosten (bruto, één jaar)",
                             "en": "Saving minus cost (gross, one year)"},
    "check_result.ok": {"nl": "klopt", "en": "consistent"},
    "check_result.differs": {"nl": "wijkt af", "en": "differs"},
    "check_result.not_printed": {"nl": "\u2013", "en": "\u2013"},
    "cb_check.budget_lines_sum_to_total": {"nl": "posten tellen op tot het jaartotaal",
                                              "en": "lines add up to the year's total"},
    "cb_check.budget_years_sum_to_total": {"nl": "jaartotalen tellen op tot het totaal",
                                              "en": "yearly totals add up to the total"},
    "cb_check.overrun": {"nl": "overschrijding = kosten - vergoedingen - begroting",
                            "en": "overrun = costs - compensations - budget"},
    "year.all": {"nl": "alle jaren", "en": "all years"},
    "cb_parameter.cost": {"nl": "Kosten van de aanpak (programmajaar)",
                          "en": "Cost of the approach (programme year)"},
    "cb_parameter.fulltime": {"nl": "Uitstroom naar voltijd werk", "en": "Exits to full-time work"},
    "cb_parameter.parttime": {"nl": "Uitstroom naar deeltijd werk",
                              "en": "Exits to part-time work"},
    "cb_parameter.parttime_fraction": {"nl": "Deel van de uitkering dat stopt bij deeltijdwerk",
                                       "en": "Share of the benefit a part-time job ends"},
    "cb_parameter.benefit_cost": {"nl": "Kosten van een uitkering per jaar (incl. uitvoering)",
                                  "en": "Cost of one benefit per year (execution included)"},
    "cb_parameter.execution_cost": {"nl": "Uitvoeringskosten van een uitkering per jaar",
                                    "en": "Execution cost of one benefit per year"},
    "cb_parameter.people_supported": {"nl": "Personen in begeleiding per jaar",
                                      "en": "People supported per year"},
    "cb_parameter.deadweight": {"nl": "Dode-gewichteffect", "en": "Deadweight"},
    "cb_parameter.displacement": {"nl": "Verdringing", "en": "Displacement"},
    "cb_parameter.durability": {"nl": "Duurzaamheid: na een jaar nog uit de bijstand",
                                "en": "Durability: still off benefits a year later"},
    "cb_parameter.discount_rate": {"nl": "Discontovoet per jaar", "en": "Discount rate per year"},
    "cb_parameter.horizon": {"nl": "Horizon (jaren)", "en": "Horizon (years)"},
    "cb_parameter.production_per_job": {"nl": "Productie per baan per jaar",
                                        "en": "Production per job per year"},
    "cb_parameter.net_exits": {"nl": "Netto uitstroom (volledige uitkeringen)",
                               "en": "Net exits (full benefits)"},
    "cb_societal.programme_resources": {"nl": "Middelen ingezet voor de aanpak",
                                        "en": "Resources used by the approach"},
    "cb_societal.execution_savings": {"nl": "Bespaarde uitvoeringskosten",
                                      "en": "Execution costs saved"},
    "cb_societal.production": {"nl": "Productie van de extra banen",
                               "en": "Production of the extra jobs"},
    "cb_societal.transfers": {"nl": "Uitkering (overdracht)", "en": "Benefit (transfer)"},
    "cb_societal.transfers_memo": {"nl": "Ter informatie: uitkering die de gemeente niet meer "
                                         "betaalt",
                                   "en": "For information: benefit the municipality no longer "
                                         "pays"},
    "cb_societal.npv": {"nl": "Saldo", "en": "Balance"},
    "unit.eur": {"nl": "euro", "en": "euro"},
    "unit.int": {"nl": "aantal", "en": "number"},
    "unit.share": {"nl": "aandeel", "en": "share"},
    "unit.number": {"nl": "aantal", "en": "number"},
    "unit.rate": {"nl": "percentage", "en": "rate"},
    "comparability.rough": {"nl": "ruwe schatting van gemeenten",
                            "en": "rough municipal estimate"},
    "comparability.cohort": {"nl": "CBS-cohort", "en": "CBS cohort"},
    "comparability.benchmark": {"nl": "Divosa-benchmark", "en": "Divosa benchmark"},
    "col.item": {"nl": "Post", "en": "Item"},
    "col.difference": {"nl": "Verschil", "en": "Difference"},
    "col.parameter": {"nl": "Uitgangspunt", "en": "Assumption"},
    "col.low": {"nl": "Laag", "en": "Low"},
    "col.high": {"nl": "Hoog", "en": "High"},
    "col.unit": {"nl": "Eenheid", "en": "Unit"},
    "col.source": {"nl": "Bron", "en": "Source"},
    "col.horizon": {"nl": "Horizon (jaren)", "en": "Horizon (years)"},
    "col.displacement": {"nl": "Verdringing", "en": "Displacement"},
    "col.net_exits": {"nl": "Netto uitstroom", "en": "Net exits"},
    "col.pv_benefits": {"nl": "Contante waarde besparing", "en": "Present value of savings"},
    "col.pv_costs": {"nl": "Kosten", "en": "Cost"},
    "col.npv": {"nl": "Netto contante waarde", "en": "Net present value"},
    "col.bcr": {"nl": "Baten-kostenverhouding", "en": "Benefit-cost ratio"},
    "col.base": {"nl": "Basiswaarde", "en": "Base value"},
    "col.break_even": {"nl": "Omslagwaarde", "en": "Break-even value"},
    "col.npv_low": {"nl": "NCW bij laag", "en": "NPV at low"},
    "col.npv_high": {"nl": "NCW bij hoog", "en": "NPV at high"},
    "col.swing": {"nl": "Verschil", "en": "Swing"},
    "col.draws": {"nl": "Trekkingen", "en": "Draws"},
    "col.seed": {"nl": "Seed", "en": "Seed"},
    "col.p_positive": {"nl": "Kans NCW > 0", "en": "P(NPV > 0)"},
    "col.mean": {"nl": "Gemiddelde", "en": "Mean"},
    "col.p05": {"nl": "5%-grens", "en": "5% bound"},
    "col.median": {"nl": "Mediaan", "en": "Median"},
    "col.p95": {"nl": "95%-grens", "en": "95% bound"},
    "col.present_value": {"nl": "Contante waarde (euro)", "en": "Present value (euro)"},
    "axis.npv_thousands": {"nl": "Netto contante waarde (x 1.000 euro)",
                           "en": "Net present value (x 1,000 euro)"},
    "axis.draws": {"nl": "Aantal trekkingen", "en": "Number of draws"},
    "value.pm": {"nl": "PM", "en": "PM"},
    "value.not_comparable": {"nl": "niet vergelijkbaar", "en": "not comparable"},
    "report.sources_two": {"nl": "{first} Landelijk: {second}.", "en": "{first} National: {second}."},
    "col.row": {"nl": "Regel", "en": "Line"},
    "col.code": {"nl": "Code", "en": "Code"},
    "report.source_model": {
        "nl": "Bron: berekening met de uitgangspunten van tabel \u2018Alle uitgangspunten\u2019 en "
              "het {source}; peildatum {reference_date}.",
        "en": "Source: calculation with the assumptions of the table \u2018Every assumption\u2019 "
              "and the {source}; reference date {reference_date}."},
    "appendix.source_glossary": {"nl": "Bron: evalkit, begrippen zoals gemeenten ze gebruiken.",
                                 "en": "Source: evalkit, terms as municipalities use them."},
    "appendix.source_manifest": {"nl": "Bron: manifest.json van deze run.",
                                 "en": "Source: manifest.json of this run."},
    "value.none": {"nl": "\u2013", "en": "\u2013"},
    "cb.cost_source": {"nl": "gerealiseerde kosten min vergoedingen (tabel hierboven)",
                       "en": "realised costs minus compensations (table above)"},
    "cb.outflow_source_file": {"nl": "monitoringsbestand: uitstroom naar werk in {year}",
                               "en": "monitoring file: outflow to work in {year}"},
    "cb.outflow_source_config": {"nl": "configuratie: {source}", "en": "configuration: {source}"},
    # ----------------------------------------------------------------- national comparison
    "stage.40_national_comparison": {"nl": "Landelijke vergelijking", "en": "National comparison"},
    "bm.intro": {
        "nl": "Landelijke cijfers meten vaak iets anders dan een gemeentelijk bestand. Elke "
              "vergelijking hieronder zegt van welke soort ze is: een ruwe schatting van "
              "gemeenten (enquête), of een cohort van statushouders in de registers van CBS of "
              "de Divosa-benchmark. Alleen cohortvergelijkingen op hetzelfde moment na de "
              "vergunning laten een uitspraak over verschil toe.",
        "en": "National figures often measure something else than a municipal file. Every "
              "comparison below says what kind it is: a rough estimate by municipalities "
              "(survey), or a cohort of permit holders in the registers of CBS or the Divosa "
              "benchmark. Only cohort comparisons at the same time since the permit allow a "
              "statement about a difference."},
    "bm.routes": {"nl": "Integratieroutes: lokaal tegenover de landelijke monitor",
                  "en": "Integration routes: local against the national monitor"},
    "bm.routes_note": {
        "nl": "Ruwe vergelijking: de landelijke cijfers zijn schattingen van gemeenten, het lokale "
              "cijfer is een aandeel van het hele bestand op de peildatum. Lokaal met "
              "95%-betrouwbaarheidsinterval (Wilson). Geen uitspraak over verschil. De "
              "landelijke routes tellen op tot {total}%, niet 100%: ze sluiten elkaar niet uit, "
              "of de bron is onjuist geciteerd.",
        "en": "Rough comparison: the national figures are estimates by municipalities, the local "
              "figure is a share of the whole file at the reference date. Local with 95% "
              "confidence interval (Wilson). No statement about a difference. The national "
              "routes add up to {total}%, not 100%: they are not exclusive, or the source is "
              "misquoted."},
    "bm.routes_sum_ok": {"nl": "De landelijke routes tellen op tot 100%.",
                         "en": "The national routes add up to 100%."},
    "bm.cohorts": {"nl": "Aan het werk, naar jaren sinds de vergunning: lokaal tegenover "
                         "landelijke cohorten",
                   "en": "In work by years since the permit: local against national cohorts"},
    "bm.cohorts_note": {
        "nl": "Lokaal: wie op dat moment uit de bijstand naar werk (of een eigen bedrijf) was "
              "uitgestroomd en niet teruggevallen, van iedereen van dat vergunningsjaar die dat "
              "moment voor de peildatum bereikte; verhuisden tellen niet mee. Landelijk: alle "
              "statushouders van 18-65 jaar met werk (CBS), ook met een aanvullende uitkering. "
              "Het lokale bestand telt alleen mensen in de bijstand, dus het lokale cijfer ligt "
              "waarschijnlijk lager dan bij een volledig cohort. {replaced}",
        "en": "Local: people who had left bijstand for work (or their own business) by then and "
              "not returned, of everyone of that permit year who reached that moment before the "
              "reference date; people who moved are left out. National: all permit holders aged "
              "18-65 with work (CBS), also with a supplementary benefit. The local file holds "
              "only people on bijstand, so the local figure is probably lower than for a whole "
              "cohort. {replaced}"},
    "bm.routes_too_far": {
        "nl": "Weggelaten: de landelijke routecijfers zijn van {period}, {years} jaar voor de "
              "peildatum {reference_date}. Een momentopname van een ander jaar vergelijkt de jaren, "
              "niet de aanpak.",
        "en": "Left out: the national route figures are from {period}, {years} years before the "
              "reference date {reference_date}. A snapshot of another year compares the years, "
              "not the approach."},
    "bm.replaced": {
        "nl": "Bij {n} personen zonder vergunningsdatum staat de huisvestingsdatum in voor de "
              "vergunningsdatum; voor de vergunningsjaren waarin dat gebeurt, doet de tabel geen "
              "uitspraak over verschil.",
        "en": "For {n} people without a permit date the housing date stands in for the permit "
              "date; for the permit years where that happens, the table states no difference."},
    "bm.replaced_all": {
        "nl": "Het bestand heeft geen vergunningsdatum: de huisvestingsdatum staat in voor de "
              "vergunningsdatum, dus 'vergunningsjaar' is hier het jaar van huisvesting en de "
              "tabel doet geen uitspraak over verschil.",
        "en": "The file has no permit date: the housing date stands in for it, so 'permit year' "
              "here is the year of housing and the table states no difference."},
    "bm.cohorts_none": {
        "nl": "Het bestand bereikt geen enkel landelijk cohortcijfer met ten minste {threshold} "
              "personen; er is geen cohortvergelijking.",
        "en": "The file reaches no national cohort figure with at least {threshold} people; "
              "there is no cohort comparison."},
    "bm.compare_figure": {"nl": "Lokaal aandeel (met 95%-interval) en landelijk cijfer; open en "
                                "grijs: ruwe vergelijking",
                          "en": "Local share (with 95% interval) and national figure; hollow "
                                "and grey: rough comparison"},
    "bm.local": {"nl": "lokaal (95%-interval)", "en": "local (95% interval)"},
    "bm.national": {"nl": "landelijk", "en": "national"},
    "bm.rough": {"nl": "ruwe vergelijking", "en": "rough comparison"},
    "bm.cohort_row": {"nl": "cohort {cohort}, {when}", "en": "cohort {cohort}, {when}"},
    "bm.years_after": {"nl": "{years} jaar na vergunning", "en": "{years} years after permit"},
    "bm.on_date": {"nl": "op {date}", "en": "on {date}"},
    "bm.standardised": {"nl": "Indirecte standaardisatie naar land van herkomst "
                              "({years} jaar na vergunning)",
                        "en": "Indirect standardisation by country of origin "
                              "({years} years after permit)"},
    "bm.standardised_strata": {"nl": "Per land van herkomst: waargenomen en verwacht met "
                                     "landelijke kansen ({years} jaar na vergunning)",
                               "en": "By country of origin: observed and expected with "
                                     "national rates ({years} years after permit)"},
    "bm.standardised_note": {
        "nl": "Verwacht = som over de landen van (aantal lokaal x landelijke kans). Een "
              "verhouding waargenomen/verwacht boven 1 betekent meer aan het werk dan de "
              "herkomst van de groep doet verwachten. Exact Poisson-interval. Alleen landen "
              "met een landelijk cijfer tellen mee ({left_out} personen niet).",
        "en": "Expected = sum over the countries of (local number x national rate). A ratio "
              "observed/expected above 1 means more in work than the group's origins would "
              "predict. Exact Poisson interval. Only countries with a national figure count "
              "({left_out} people do not)."},
    "bm.funnel": {"nl": "Uitgestroomd naar werk per gemeente", "en": "Left for work by "
                                                                   "municipality"},
    "bm.funnel_figure": {"nl": "Trechterdiagram: aandeel uitgestroomd naar werk tegen het "
                               "aantal personen, met 95%- en 99,8%-grenzen",
                         "en": "Funnel plot: share left for work against the number of "
                               "people, with 95% and 99.8% limits"},
    "bm.funnel_note": {
        "nl": "Een gemeente buiten de 99,8%-grenzen wijkt meer af dan toeval bij die omvang "
              "verklaart; binnen de grenzen is een verschil niet te onderscheiden van toeval. "
              "Gemiddelde van de getoonde gemeenten: {p0}%. Gemeenten met minder dan {threshold} "
              "personen zijn weggelaten ({left_out}).",
        "en": "A municipality outside the 99.8% limits differs more than chance explains at its "
              "size; within the limits a difference cannot be told from chance. Mean of the "
              "municipalities shown: {p0}%. Municipalities with fewer than {threshold} people "
              "are left out ({left_out})."},
    "bm.mean": {"nl": "gemiddelde", "en": "mean"},
    "bm.limit_95": {"nl": "95%-grens", "en": "95% limit"},
    "bm.limit_998": {"nl": "99,8%-grens", "en": "99.8% limit"},
    "bm.sources": {"nl": "Gebruikte landelijke cijfers en hun bronnen",
                   "en": "National figures used and their sources"},
    "axis.share_in_work": {"nl": "Aandeel aan het werk", "en": "Share in work"},
    "axis.people": {"nl": "Aantal personen", "en": "Number of people"},
    "axis.share_left_work": {"nl": "Aandeel uitgestroomd naar werk",
                             "en": "Share left for work"},
    "col.national": {"nl": "Landelijk", "en": "National"},
    "col.local": {"nl": "Lokaal, % (95%-interval)", "en": "Local, % (95% interval)"},
    "col.comparability": {"nl": "Soort vergelijking", "en": "Kind of comparison"},
    "col.cohort": {"nl": "Vergunningsjaar", "en": "Permit year"},
    "col.moment": {"nl": "Moment", "en": "Moment"},
    "col.in_work": {"nl": "Aan het werk", "en": "In work"},
    "col.match": {"nl": "Lokale groep", "en": "Local group"},
    "col.difference_stated": {"nl": "Verschil", "en": "Difference"},
    "col.observed": {"nl": "Waargenomen", "en": "Observed"},
    "col.expected": {"nl": "Verwacht", "en": "Expected"},
    "col.ratio": {"nl": "Waargenomen/verwacht (95%-interval)",
                  "en": "Observed/expected (95% interval)"},
    "col.rate": {"nl": "Landelijke kans", "en": "National rate"},
    "col.municipality": {"nl": "Gemeente", "en": "Municipality"},
    "col.position": {"nl": "Ligging", "en": "Position"},
    "col.population": {"nl": "Populatie", "en": "Population"},
    "col.period": {"nl": "Periode", "en": "Period"},
    "col.years_since_permit": {"nl": "Jaren na vergunning", "en": "Years since permit"},
    "col.strata": {"nl": "Landen", "en": "Countries"},
    "match.same_cohort": {"nl": "zelfde vergunningsjaar", "en": "same permit year"},
    "match.other_cohorts": {"nl": "alle vergunningsjaren", "en": "all permit years"},
    "difference.higher": {"nl": "hoger", "en": "higher"},
    "difference.lower": {"nl": "lager", "en": "lower"},
    "difference.no_clear_difference": {"nl": "geen duidelijk verschil",
                                       "en": "no clear difference"},
    "difference.not_tested": {"nl": "niet getoetst (ruw)", "en": "not tested (rough)"},
    "difference.not_stated_other_cohorts": {
        "nl": "geen uitspraak (ander vergunningsjaar)", "en": "not stated (other permit years)"},
    "difference.not_stated_housing_date": {
        "nl": "geen uitspraak (huisvestingsdatum i.p.v. vergunningsdatum)",
        "en": "not stated (housing date instead of permit date)"},
    "position.within": {"nl": "binnen de grenzen", "en": "within the limits"},
    "position.above_95": {"nl": "boven de 95%-grens", "en": "above the 95% limit"},
    "position.above_998": {"nl": "boven de 99,8%-grens", "en": "above the 99.8% limit"},
    "position.below_95": {"nl": "onder de 95%-grens", "en": "below the 95% limit"},
    "position.below_998": {"nl": "onder de 99,8%-grens", "en": "below the 99.8% limit"},
    "route.integration_route_direct_work": {"nl": "Directe bemiddeling naar werk",
                                            "en": "Direct mediation to work"},
    "route.integration_route_via_education": {"nl": "Via onderwijs", "en": "Via education"},
    "route.integration_route_activation": {"nl": "Activering richting werk",
                                           "en": "Activation towards work"},
    "route.integration_route_social_participation": {"nl": "Maatschappelijke participatie",
                                                     "en": "Social participation"},
    "route.integration_route_no_support_yet": {"nl": "Nog op geen enkele route",
                                               "en": "Not yet on any route"},
    # ----------------------------------------------------------------- appendices
    "appendix.method": {"nl": "Bijlage A. Methode", "en": "Appendix A. Method"},
    "appendix.method_intro": {
        "nl": "Wat elk hoofdstuk berekent en waarom. De methode-editie van dit rapport "
              "(report_method.html in dezelfde map) toont daarnaast de code van elke stap.",
        "en": "What each chapter computes and why. The method edition of this report "
              "(report_method.html in the same folder) also shows the code of every step."},
    "appendix.method.90_summary": {
        "nl": "De samenvatting rekent niets zelf uit: ze leest de tabellen die de hoofdstukken "
              "schreven, zodat samenvatting en hoofdstukken elkaar nooit tegenspreken.",
        "en": "The summary computes nothing itself: it reads the tables the chapters wrote, so "
              "the summary and the chapters can never disagree."},
    "appendix.method.00_data_checks": {
        "nl": "Het monitoringsbestand wordt gelezen zoals het team het bijhoudt (Nederlandse "
              "kolomnamen en datums), gecontroleerd op persoonsgegevens en daarna getoetst met "
              "Great Expectations. Een kritieke fout stopt de evaluatie met één duidelijke "
              "melding; een waarschuwing staat in het rapport.",
        "en": "The monitoring file is read as the team keeps it (Dutch headers and dates), "
              "checked for personal data and then tested with Great Expectations. A critical "
              "failure stops the evaluation with one clear message; a warning is reported."},
    "appendix.method.10_cohort": {
        "nl": "De status van iedereen op de peildatum wordt afgeleid uit de datums (niet "
              "ingetypt): uitgestroomd (naar werk, opleiding of anders), in begeleiding, in "
              "beeld maar nog niet opgepakt, niet in beeld. Kleine cellen worden onderdrukt.",
        "en": "Everyone's status at the reference date is derived from the dates (not typed "
              "in): left benefits (for work, education or other), in support, known but not "
              "picked up, not known. Small cells are suppressed."},
    "appendix.method.20_outflow": {
        "nl": "Uitstroomredenen en caseloadstromen zoals in de referentie-evaluatie; daarnaast "
              "de tijd tot uitstroom met Kaplan-Meier (wie nog in de bijstand zit telt mee zolang "
              "die gevolgd wordt), werk en opleiding als concurrerende uitkomsten "
              "(Aalen-Johansen), wachttijden per stap en verschillen tussen groepen "
              "(log-ranktoets).",
        "en": "Outflow reasons and caseload flows as in the reference evaluation; in addition "
              "time to outflow with Kaplan-Meier (people still on bijstand count as long as they "
              "are followed), work and education as competing outcomes (Aalen-Johansen), "
              "waiting times per step, and differences between groups (log-rank test)."},
    "appendix.method.30_cost_benefit": {
        "nl": "De rekensom van de referentie-evaluatie wordt exact nagerekend en op rekenfouten "
              "gecontroleerd. Daarna telt alleen de uitstroom die door de aanpak komt (min dode "
              "gewicht en verdringing), over 3, 5 en 10 jaar, verdisconteerd tegen 2,25%, met "
              "omslagpunten, een tornadodiagram en een Monte Carlo-simulatie. Gemeentelijke en "
              "maatschappelijke baten blijven gescheiden.",
        "en": "The reference evaluation's sum is recomputed exactly and checked for arithmetic "
              "errors. Then only the outflow the approach caused counts (less deadweight and "
              "displacement), over 3, 5 and 10 years, discounted at 2.25%, with break-even "
              "values, a tornado chart and a Monte Carlo simulation. Municipal and societal "
              "benefits are kept apart."},
    "appendix.method.40_national_comparison": {
        "nl": "Elke vergelijking zegt van welke soort ze is (ruwe schatting, CBS-cohort, "
              "Divosa-benchmark). Lokale aandelen krijgen een Wilson-interval; alleen bij "
              "cohortvergelijkingen op hetzelfde moment na de vergunning volgt een uitspraak over "
              "verschil. Indirecte standaardisatie corrigeert voor herkomst; met meerdere "
              "gemeenten volgt een trechterdiagram.",
        "en": "Every comparison says what kind it is (rough estimate, CBS cohort, Divosa "
              "benchmark). Local shares get a Wilson interval; only cohort comparisons at the "
              "same time since the permit lead to a statement about a difference. Indirect "
              "standardisation corrects for origin; with several municipalities a funnel plot "
              "follows."},
    "appendix.glossary": {"nl": "Bijlage B. Begrippenlijst", "en": "Appendix B. Glossary"},
    "appendix.provenance": {"nl": "Bijlage C. Herkomst van de cijfers",
                            "en": "Appendix C. Provenance"},
    "appendix.provenance_intro": {
        "nl": "Met deze bestanden en versies geeft `evalkit verify` dezelfde tabellen, cel voor "
              "cel; manifest.json in de map van deze evaluatie bevat ook de hashes van elke "
              "uitkomst.",
        "en": "With these files and versions `evalkit verify` gives the same tables, cell by "
              "cell; manifest.json in this evaluation's folder also holds the hash of every "
              "output."},
    "appendix.inputs": {"nl": "Invoerbestanden met hun SHA-256-hash",
                        "en": "Input files with their SHA-256 hash"},
    "appendix.software": {"nl": "Run, commit en softwareversies",
                          "en": "Run, commit and software versions"},
    "col.term": {"nl": "Begrip", "en": "Term"},
    "col.meaning": {"nl": "Betekenis", "en": "Meaning"},
    "col.file": {"nl": "Bestand", "en": "File"},
    "glossary.vergunninghouder.term": {"nl": "vergunninghouder", "en": "vergunninghouder"},
    "glossary.vergunninghouder": {
        "nl": "Asielmigrant met een verblijfsvergunning asiel, die een gemeente moet huisvesten.",
        "en": "Asylum migrant with an asylum residence permit, whom a municipality must house."},
    "glossary.statushouder.term": {"nl": "statushouder", "en": "statushouder"},
    "glossary.statushouder": {"nl": "Ander woord voor vergunninghouder.",
                              "en": "Another word for vergunninghouder (refugee with a permit)."},
    "glossary.bijstand.term": {"nl": "bijstand", "en": "bijstand"},
    "glossary.bijstand": {"nl": "Uitkering van de gemeente voor wie niet in het eigen bestaan "
                                "kan voorzien.",
                          "en": "Social assistance paid by the municipality to people without "
                                "enough income."},
    "glossary.participatiewet.term": {"nl": "Participatiewet", "en": "Participatiewet"},
    "glossary.participatiewet": {
        "nl": "De wet (sinds 2015) waaronder de bijstand valt en die gemeenten opdraagt mensen "
              "naar werk te begeleiden.",
        "en": "The act (since 2015) that governs bijstand and charges municipalities with "
              "guiding people to work."},
    "glossary.uitstroom.term": {"nl": "uitstroom", "en": "uitstroom"},
    "glossary.uitstroom": {"nl": "Het einde van de bijstandsuitkering, met een reden (werk, "
                                 "opleiding, partner, verhuizing, ...).",
                           "en": "Outflow: the end of the bijstand benefit, with a reason (work, "
                                 "education, partner, moving, ...)."},
    "glossary.peildatum.term": {"nl": "peildatum", "en": "peildatum"},
    "glossary.peildatum": {"nl": "De datum waarop elke status wordt vastgesteld.",
                           "en": "Reference date: the date at which every status is taken."},
    "glossary.in_beeld.term": {"nl": "in beeld", "en": "in beeld"},
    "glossary.in_beeld": {"nl": "Het team kent de persoon.",
                          "en": "Known to the team: the team knows the person."},
    "glossary.opgepakt.term": {"nl": "opgepakt", "en": "opgepakt"},
    "glossary.opgepakt": {"nl": "De persoon heeft een brede intake gehad en wordt begeleid.",
                          "en": "Picked up: the person had a broad intake and is supported."},
    "glossary.doelmatigheidsintake.term": {"nl": "doelmatigheidsintake",
                                           "en": "doelmatigheidsintake"},
    "glossary.doelmatigheidsintake": {
        "nl": "Brede intake waarin route en ondersteuning worden bepaald.",
        "en": "Broad intake in which route and support are decided."},
    "glossary.voortraject.term": {"nl": "voortraject", "en": "voortraject"},
    "glossary.voortraject": {"nl": "Groepstraject van twaalf weken voorafgaand aan de "
                                   "begeleiding naar werk.",
                             "en": "Pre-trajectory: a twelve-week group course before the "
                                   "guidance to work."},
    "glossary.vervolgtraject.term": {"nl": "vervolgtraject", "en": "vervolgtraject"},
    "glossary.vervolgtraject": {"nl": "Traject na het voortraject, naar werk of opleiding.",
                                "en": "Follow-up trajectory towards work or education."},
    "glossary.taakstelling.term": {"nl": "taakstelling", "en": "taakstelling"},
    "glossary.taakstelling": {
        "nl": "Het aantal vergunninghouders dat een gemeente per halfjaar moet huisvesten.",
        "en": "Housing quota: the number of permit holders a municipality must house per half "
              "year."},
    "glossary.inburgering.term": {"nl": "inburgering", "en": "inburgering"},
    "glossary.inburgering": {"nl": "Verplicht traject van taal en kennis van de samenleving "
                                   "(Wet inburgering).",
                             "en": "Civic integration: the obligatory course of language and "
                                   "knowledge of society (Civic Integration Act)."},
    "glossary.wgt.term": {"nl": "WGT", "en": "WGT"},
    "glossary.wgt": {"nl": "Werkgeversteam: bemiddelt tussen werkzoekenden en werkgevers.",
                     "en": "Employer service team: mediates between job seekers and employers."},
    "glossary.dode_gewicht.term": {"nl": "dode-gewichteffect", "en": "dode-gewichteffect"},
    "glossary.dode_gewicht": {"nl": "Uitstroom die ook zonder de aanpak was gebeurd.",
                              "en": "Deadweight: outflow that would have happened without the "
                                    "approach."},
    "glossary.verdringing.term": {"nl": "verdringing", "en": "verdringing"},
    "glossary.verdringing": {"nl": "Een baan die een andere werkzoekende anders had gekregen.",
                             "en": "Displacement: a job another job seeker would otherwise have "
                                   "got."},
    "glossary.contante_waarde.term": {"nl": "netto contante waarde",
                                      "en": "netto contante waarde"},
    "glossary.contante_waarde": {"nl": "Toekomstige baten en kosten omgerekend naar euro's van "
                                       "nu, min de kosten.",
                                 "en": "Net present value: future benefits and costs in today's "
                                       "euros, less the costs."},
    "glossary.mkba.term": {"nl": "MKBA", "en": "MKBA"},
    "glossary.mkba": {"nl": "Maatschappelijke kosten-batenanalyse: kosten en baten voor de hele "
                            "samenleving.",
                      "en": "Societal cost-benefit analysis: costs and benefits to society as "
                            "a whole."},
    "report.method_edition": {"nl": "Methode-editie (met code)",
                              "en": "Method edition (with code)"},
    # ----------------------------------------------------------------- columns
    "col.housing_year": {"nl": "Jaar van huisvesting", "en": "Year of housing"},
    "col.count": {"nl": "Aantal", "en": "Number"},
    "col.share": {"nl": "Aandeel (%)", "en": "Share (%)"},
    "col.status": {"nl": "Status", "en": "Status"},
    "col.total": {"nl": "Totaal", "en": "Total"},
    "col.sex": {"nl": "geslacht", "en": "sex"},
    "col.age_band": {"nl": "leeftijd", "en": "age"},
    "col.country_of_origin": {"nl": "land van herkomst", "en": "country of origin"},
    "col.education_level": {"nl": "opleidingsniveau", "en": "education level"},
    "col.language_level": {"nl": "taalniveau", "en": "language level"},
    "col.category": {"nl": "Categorie", "en": "Category"},
    "value.total": {"nl": "Totaal", "en": "Total"},
    "value.missing": {"nl": "onbekend", "en": "unknown"},
    "value.other_countries": {"nl": "overige landen", "en": "other countries"},
    # ----------------------------------------------------------------- status codes
    "status.not_known": {"nl": "Niet in beeld", "en": "Not known to the team"},
    "status.known_not_picked_up": {"nl": "In beeld, nog niet opgepakt",
                                   "en": "Known, not yet picked up"},
    "status.in_support": {"nl": "In begeleiding", "en": "In support"},
    "status.left_work": {"nl": "Uitgestroomd naar werk (voltijd of deeltijd)",
                         "en": "Left benefits for work (full- or part-time)"},
    "status.left_education": {"nl": "Uitgestroomd naar opleiding",
                              "en": "Left benefits for education"},
    "status.left_other": {"nl": "Overige uitstroom", "en": "Other outflow"},
    "status.total": {"nl": "Totaal", "en": "Total"},
    # ----------------------------------------------------------------- code values
    "sex.M": {"nl": "man", "en": "man"},
    "sex.V": {"nl": "vrouw", "en": "woman"},
    "sex.X": {"nl": "anders / onbekend", "en": "other / unknown"},
    "age_band.18-24": {"nl": "18-24 jaar", "en": "18-24 years"},
    "age_band.25-34": {"nl": "25-34 jaar", "en": "25-34 years"},
    "age_band.35-44": {"nl": "35-44 jaar", "en": "35-44 years"},
    "age_band.45-54": {"nl": "45-54 jaar", "en": "45-54 years"},
    "age_band.55+": {"nl": "55 jaar en ouder", "en": "55 years and older"},
    "age_band.unknown": {"nl": "onbekend", "en": "unknown"},
    "education_level.none": {"nl": "geen opleiding", "en": "no education"},
    "education_level.primary": {"nl": "basisonderwijs", "en": "primary"},
    "education_level.secondary": {"nl": "voortgezet onderwijs", "en": "secondary"},
    "education_level.mbo": {"nl": "mbo", "en": "vocational (mbo)"},
    "education_level.hbo": {"nl": "hbo", "en": "higher professional (hbo)"},
    "education_level.wo": {"nl": "wo", "en": "university (wo)"},
    "education_level.unknown": {"nl": "onbekend", "en": "unknown"},
    "language_level.A0": {"nl": "A0", "en": "A0"},
    "language_level.A1": {"nl": "A1", "en": "A1"},
    "language_level.A2": {"nl": "A2", "en": "A2"},
    "language_level.B1": {"nl": "B1", "en": "B1"},
    "language_level.B2": {"nl": "B2", "en": "B2"},
    "language_level.C1": {"nl": "C1", "en": "C1"},
    "language_level.unknown": {"nl": "onbekend", "en": "unknown"},
    "country_of_origin.Syria": {"nl": "Syrië", "en": "Syria"},
    "country_of_origin.Eritrea": {"nl": "Eritrea", "en": "Eritrea"},
    "country_of_origin.Afghanistan": {"nl": "Afghanistan", "en": "Afghanistan"},
    "country_of_origin.Iran": {"nl": "Iran", "en": "Iran"},
    "country_of_origin.Iraq": {"nl": "Irak", "en": "Iraq"},
    "country_of_origin.Somalia": {"nl": "Somalië", "en": "Somalia"},
    "country_of_origin.Turkey": {"nl": "Turkije", "en": "Turkey"},
    "country_of_origin.Yemen": {"nl": "Jemen", "en": "Yemen"},
    "country_of_origin.Ethiopia": {"nl": "Ethiopië", "en": "Ethiopia"},
    "country_of_origin.Sudan": {"nl": "Soedan", "en": "Sudan"},
    "country_of_origin.stateless": {"nl": "staatloos", "en": "stateless"},
    "country_of_origin.other": {"nl": "overige landen", "en": "other countries"},
    "country_of_origin.unknown": {"nl": "onbekend", "en": "unknown"},
}


def format_number(value: float, decimals: int, lang: str) -> str:
    """A number as the report's language writes it: ``29,0`` in Dutch, ``29.0`` in English."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "nl" else text


def format_amount(value: float, lang: str, decimals: int = 0) -> str:
    """An amount with thousands separators: ``665.088`` in Dutch, ``665,088`` in English."""
    if abs(value) < 0.5 * 10**-decimals:
        value = 0.0  # no "-0"
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text.replace("-", "\u2212")


def localise_decimal(text: str, lang: str) -> str:
    """A decimal number already written as text (``"29.0"``) in the report's language."""
    return text.replace(".", ",") if lang == "nl" else text


def monitoring_source(synthetic: bool, reference_date, lang: str) -> str:
    """The source line under every table and figure made from the monitoring file."""
    name = t("report.source_monitoring_synthetic" if synthetic else "report.source_monitoring",
             lang)
    return t("report.source", lang, source=name, reference_date=reference_date.strftime("%d-%m-%Y"))


class LabelError(KeyError):
    """A label key is missing from the catalogue, or a language is not supported."""


def t(key: str, lang: str, **values: object) -> str:
    """Look up a label and fill in its placeholders.

    Parameters
    ----------
    key : str
        Dotted key, for example ``"status.in_support"``.
    lang : {"nl", "en"}
        Language.
    **values
        Values for the ``{placeholders}`` in the text.

    Returns
    -------
    str
        The text in the requested language.

    Raises
    ------
    LabelError
        When the key or the language is unknown.
    """
    if lang not in LANGS:
        raise LabelError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    try:
        text = CATALOGUE[key][lang]
    except KeyError:
        raise LabelError(f"no label {key!r} in the label catalogue") from None
    return text.format(**values) if values else text


def code_label(domain: str, code: object, lang: str) -> str:
    """Label one code value, e.g. ``code_label("sex", "V", "nl") == "vrouw"``.

    Codes without a catalogue entry in a free-text domain (country names) are
    shown as they are; codes of a coded domain must be in the catalogue.
    """
    if code is None or (isinstance(code, float) and pd.isna(code)) or code is pd.NA:
        return t("value.missing", lang)
    key = f"{domain}.{code}"
    if key in CATALOGUE:
        return t(key, lang)
    if code == "total":
        return t("value.total", lang)
    if code == "small_groups":
        return t("group.small_groups", lang)
    if code == "unknown":
        return t("value.missing", lang)
    if domain in FREE_TEXT_DOMAINS:
        return str(code)
    raise LabelError(f"no label {key!r} in the label catalogue")


#: Domains whose values are free text: an unlisted value is shown as written.
FREE_TEXT_DOMAINS = frozenset({"country_of_origin", "housing_year", "employer_project", "year",
                               "months"})


def label_table(frame: pd.DataFrame, lang: str, *, codes: Mapping[str, str] | None = None,
                headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Turn a table of codes into a table for readers: labelled values and headers.

    Parameters
    ----------
    frame : pandas.DataFrame
        A published table (after disclosure control).
    lang : {"nl", "en"}
        Language.
    codes : mapping, optional
        Column name to code domain, for columns whose values are codes.
    headers : mapping, optional
        Column name to label key for its header; other headers are kept.

    Returns
    -------
    pandas.DataFrame
        A copy with labels in place of codes and headers.
    """
    out = frame.copy()
    for column, domain in (codes or {}).items():
        out[column] = [code_label(domain, v, lang) for v in out[column]]
    if headers:
        out = out.rename(columns={c: t(k, lang) for c, k in headers.items()})
    return out
