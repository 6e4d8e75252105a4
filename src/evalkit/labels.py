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
    "report.subtitle": {"nl": "Gemeente {municipality}, peildatum {reference_date}",
                        "en": "Municipality of {municipality}, reference date {reference_date}"},
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
    "outflow.flows": {"nl": "Caseload van de aanpak per jaar", "en": "Caseload of the approach per year"},
    "outflow.flows_note": {
        "nl": "Berekend uit de datums: in begeleiding = intake gehad en nog in de bijstand. "
              "Het laatste jaar loopt tot de peildatum. Elk jaar geldt: overgenomen + nieuw - "
              "uitstroom = resterend.",
        "en": "Computed from the dates: in support = had an intake and still on benefits. The "
              "last year runs to the reference date. Every year: carried in + new - outflow = "
              "remaining."},
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
FREE_TEXT_DOMAINS = frozenset({"country_of_origin", "housing_year", "employer_project", "year"})


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
