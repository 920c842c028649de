#include "BoardReportSections.h"

#include <QPainter>
#include <map>

#include "Labels.h"
#include "ReportCharts.h"
#include "ReportFigures.h"

namespace tandem::app::board {

namespace {

using nlohmann::json;

const QColor kText("#1f2328");
const QColor kMuted("#59636e");
const QColor kPanel("#f6f8fa");
const QColor kLine("#d0d7de");
const QColor kAccent("#0b5cad");
const QColor kRed("#c62828");
const QColor kAmber("#e08a00");
const QColor kGreen("#2e7d32");

struct Status {
    const char* key;
    const char* label;
    QColor fill;
};
const std::vector<Status> kStatuses = {{"not_started", "Not started", QColor("#8c959f")},
                                       {"in_progress", "In progress", kAccent},
                                       {"submitted_for_closure", "Submitted for closure", QColor("#6f42c1")},
                                       {"returned", "Returned", QColor("#a04100")},
                                       {"closed", "Closed", kGreen},
                                       {"superseded", "Superseded", QColor("#d0d7de")}};

struct Grade {
    const char* value;
    const char* letter;
    QColor fill;
};
// Best first, as the figures rank the Ofsted-style scale.
const std::vector<Grade> kGrades = {{"outstanding", "O", QColor("#1b5e20")},
                                    {"good", "G", QColor("#66bb6a")},
                                    {"requires_improvement", "RI", kAmber},
                                    {"inadequate", "I", kRed}};

std::string str(const json& object, const char* name) {
    if (!object.is_object()) return {};
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

FigureTable table(const json& figures, const char* name) { return FigureTable(figures.at("tables").at(name)); }

// "domestic_abuse" -> "domestic abuse"
QString themeWords(const std::string& theme) {
    return QString::fromStdString(theme).replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString count(long n, const char* one, const char* many) {
    return QStringLiteral("%1 %2").arg(n).arg(QString::fromLatin1(n == 1 ? one : many));
}

// The heat map's cells: the rating's letter on a light tint of its colour, so the letter reads
// in greyscale and the colour helps on screen.
QString ratingLetter(const std::string& rating) {
    if (rating == "green") return QStringLiteral("G");
    if (rating == "amber") return QStringLiteral("A");
    if (rating == "red") return QStringLiteral("R");
    if (rating == "na") return QStringLiteral("N/A");
    if (rating.empty()) return QStringLiteral("\u2013");
    return ratingLabel(rating);
}
QColor ratingTint(const std::string& rating) {
    if (rating == "green") return QColor("#c8e6c9");
    if (rating == "amber") return QColor("#ffe0b2");
    if (rating == "red") return QColor("#ffcdd2");
    if (rating == "na") return QColor("#eaeef2");
    return QColor();
}

// Five figures side by side, each a number over what it counts.
void summaryTiles(ReportLayout& layout, const std::vector<std::pair<QString, QString>>& tiles) {
    const double gap = layout.mm(3);
    const double width = (layout.bodyWidth() - gap * (tiles.size() - 1)) / tiles.size();
    double labelHeight = 0;
    for (const auto& tile : tiles)
        labelHeight = std::max(labelHeight, layout.textHeight(tile.second, layout.fonts().small, width - layout.mm(4)));
    const double height = layout.mm(12) + labelHeight + layout.mm(3);
    layout.block(height, [&](QPainter& p, const QRectF& area) {
        for (std::size_t i = 0; i < tiles.size(); ++i) {
            const QRectF tile(area.left() + i * (width + gap), area.top(), width, height);
            p.fillRect(tile, kPanel);
            p.setPen(QPen(kLine, layout.mm(0.2)));
            p.drawRect(tile);
            p.setPen(kText);
            p.setFont(layout.fonts().figure);
            p.drawText(
                QRectF(tile.left() + layout.mm(2), tile.top() + layout.mm(2), width - layout.mm(4), layout.mm(10)),
                Qt::AlignLeft | Qt::AlignVCenter, tiles[i].first);
            p.setPen(kMuted);
            p.setFont(layout.fonts().small);
            p.drawText(
                QRectF(tile.left() + layout.mm(2), tile.top() + layout.mm(12), width - layout.mm(4), labelHeight),
                Qt::TextWordWrap, tiles[i].second);
        }
    });
}

void chartWithHeading(ReportLayout& layout, const QString& heading, const BarChart& chart) {
    const double height = barChartHeight(layout, chart);
    layout.subheading(heading, height / layout.mm(1));
    layout.block(height, [&](QPainter& p, const QRectF& area) { drawBarChart(p, area, layout, chart); });
}

struct GradeCounts {
    std::string theme;
    std::map<std::string, double> byGrade;
    double graded = 0, goodOrBetter = 0;
};

std::vector<GradeCounts> gradesByTheme(const FigureTable& grades) {
    std::vector<GradeCounts> themes;
    for (std::size_t r = 0; r < grades.rowCount(); ++r) {
        const std::string grade = grades.raw(r, "grade");
        if (grade.empty()) continue;
        const std::string theme = grades.raw(r, "theme");
        if (themes.empty() || themes.back().theme != theme) themes.push_back({theme, {}, 0, 0});
        const double n = grades.number(r, "returns");
        themes.back().byGrade[grade] += n;
        themes.back().graded += n;
        if (grade == "outstanding" || grade == "good") themes.back().goodOrBetter += n;
    }
    return themes;
}

void titleBlock(ReportLayout& layout, const json& figures) {
    const ReportFonts& fonts = layout.fonts();
    layout.paragraph(QStringLiteral("Board report"), &fonts.title);
    layout.paragraph(partnershipName(figures), &fonts.subheading);
    const json& period = figures.at("period");
    layout.paragraph(QStringLiteral("Reporting period: %1 to %2")
                         .arg(reportDate(str(period, "from")), reportDate(str(period, "to"))));
    const json& round = figures.at("round");
    if (round.is_object()) {
        QString line = QStringLiteral("Audit round: %1, due %2")
                           .arg(QString::fromStdString(str(round, "title")), reportDate(str(round, "due_date")));
        if (!str(round, "moderation_date").empty())
            line += QStringLiteral(", moderation %1").arg(reportDate(str(round, "moderation_date")));
        layout.paragraph(line);
    } else {
        layout.paragraph(QStringLiteral("Audit round: none opened yet"));
    }
    layout.paragraph(QStringLiteral("Figures as of %1").arg(reportTime(str(figures.at("as_of"), "time"))));
}

// The five figures a board asks for first, as tiles and in words.
void summary(ReportLayout& layout, const json& figures) {
    const FigureTable byAgency = table(figures, "actions_by_agency");
    double open = 0;
    for (std::size_t r = 0; r < byAgency.rowCount(); ++r)
        open += byAgency.number(r, "total") - byAgency.number(r, "closed") - byAgency.number(r, "superseded");
    const auto overdue = static_cast<long>(table(figures, "overdue_actions").rowCount());
    const auto closed = static_cast<long>(table(figures, "actions_closed").rowCount());
    const FigureTable rates = table(figures, "return_rates");
    double assigned = 0, submitted = 0;
    for (std::size_t r = 0; r < rates.rowCount(); ++r) {
        assigned += rates.number(r, "assigned");
        submitted += rates.number(r, "submitted");
    }
    double graded = 0, goodOrBetter = 0;
    for (const GradeCounts& theme : gradesByTheme(table(figures, "grades_by_theme"))) {
        graded += theme.graded;
        goodOrBetter += theme.goodOrBetter;
    }
    const QString none = QStringLiteral("\u2013");

    layout.subheading(QStringLiteral("Summary"), 40);
    summaryTiles(layout, {{QString::number(long(open)), QStringLiteral("Open actions")},
                          {QString::number(overdue), QStringLiteral("Overdue actions")},
                          {QString::number(closed), QStringLiteral("Closed in the period")},
                          {assigned > 0 ? percentText(shareOf(submitted, assigned)) : none,
                           QStringLiteral("Return rate of the round")},
                          {graded > 0 ? percentText(shareOf(goodOrBetter, graded)) : none,
                           QStringLiteral("Case audits good or better")}});
    layout.paragraph(QStringLiteral("%1 open, %2 of them past their target date; %3 in the period.")
                         .arg(count(long(open), "action is", "actions are"))
                         .arg(overdue)
                         .arg(count(closed, "action was closed", "actions were closed")));
    layout.paragraph(assigned > 0 ? QStringLiteral("Returns of the round: %1 of %2 submitted (%3).")
                                        .arg(long(submitted))
                                        .arg(long(assigned))
                                        .arg(percentText(shareOf(submitted, assigned)))
                                  : QStringLiteral("Returns of the round: none assigned."));
    layout.paragraph(graded > 0 ? QStringLiteral("Case audits graded good or better: %1 of %2 (%3).")
                                      .arg(long(goodOrBetter))
                                      .arg(long(graded))
                                      .arg(percentText(shareOf(goodOrBetter, graded)))
                                : QStringLiteral("Case audits graded good or better: none graded yet."));
}

// Actions by status, and the RAG of open ones, for each lead agency.
void actionCharts(ReportLayout& layout, const json& figures) {
    const FigureTable byAgency = table(figures, "actions_by_agency");
    if (byAgency.rowCount() == 0) {
        layout.paragraph(QStringLiteral("No actions are recorded for this partnership."));
        return;
    }
    BarChart status{QStringLiteral("Lead agency"), QStringLiteral("Actions"), {}, {}, 0, false};
    for (const Status& s : kStatuses) status.legend.push_back({s.fill, QString::fromLatin1(s.label)});
    BarChart rag{QStringLiteral("Lead agency"), QStringLiteral("Open actions"), {}, {}, 0, false};
    rag.legend = {{kRed, QStringLiteral("R  Red: past its target date")},
                  {kAmber, QStringLiteral("A  Amber: due within 30 days")},
                  {kGreen, QStringLiteral("G  Green")}};
    for (std::size_t r = 0; r < byAgency.rowCount(); ++r) {
        ChartBar bar{byAgency.text(r, "agency"), {}, QString::number(long(byAgency.number(r, "total")))};
        for (const Status& s : kStatuses) {
            const double n = byAgency.number(r, s.key);
            bar.segments.push_back({n, s.fill, QString::number(long(n))});
        }
        status.bars.push_back(std::move(bar));
        ChartBar ragBar{byAgency.text(r, "agency"), {}, {}};
        double ragTotal = 0;
        for (auto [key, letter, fill] :
             {std::tuple{"red", "R", kRed}, {"amber", "A", kAmber}, {"green", "G", kGreen}}) {
            const double n = byAgency.number(r, key);
            ragTotal += n;
            ragBar.segments.push_back({n, fill, QStringLiteral("%1 %2").arg(QLatin1String(letter)).arg(long(n))});
        }
        ragBar.total = QString::number(long(ragTotal));
        rag.bars.push_back(std::move(ragBar));
    }
    chartWithHeading(layout, byAgency.title(), status);
    chartWithHeading(layout, QStringLiteral("RAG of open actions by lead agency"), rag);
}

// The status table has nine or more columns, so it leads with codes only; the RAG table has
// room for names.
void countTables(ReportLayout& layout, const FigureTable& counts, const std::vector<std::string>& statusLeading,
                 const std::vector<std::string>& ragLeading, const QString& ragTitle) {
    std::vector<std::string> statusKeys = statusLeading, ragKeys = ragLeading;
    for (const Status& s : kStatuses) statusKeys.push_back(s.key);
    statusKeys.push_back("total");
    for (const char* rag : {"red", "amber", "green"}) ragKeys.push_back(rag);
    const QString none = QStringLiteral("No actions are recorded for this partnership.");
    layout.subheading(counts.title());
    layout.table(counts.report(none, statusKeys));
    layout.subheading(ragTitle);
    layout.table(counts.report(none, ragKeys));
}

void actionPlans(ReportLayout& layout, const json& figures) {
    layout.section(QStringLiteral("Action plans"));
    const auto statusWords = [](const json& v) { return actionStatusLabel(v.is_string() ? v.get<std::string>() : ""); };

    FigureTable overdue = table(figures, "overdue_actions");
    overdue.format("status", statusWords);
    layout.subheading(QStringLiteral("%1 (%2)").arg(overdue.title()).arg(overdue.rowCount()));
    layout.table(overdue.report(QStringLiteral("No open action is past its target date.")));

    const json& period = figures.at("period");
    FigureTable closed = table(figures, "actions_closed");
    layout.subheading(QStringLiteral("%1 (%2)").arg(closed.title()).arg(closed.rowCount()));
    layout.table(closed.report(QStringLiteral("No action was closed between %1 and %2.")
                                   .arg(reportDate(str(period, "from")), reportDate(str(period, "to")))));

    const FigureTable drift = table(figures, "action_drift");
    layout.subheading(drift.title());
    layout.table(drift.report(QStringLiteral("No open actions.")));

    // The counts behind the summary's charts (for segments too narrow to carry their number),
    // statuses and RAG apart: all thirteen columns would not fit across the page.
    countTables(layout, table(figures, "actions_by_agency"), {"agency"}, {"agency", "name"},
                QStringLiteral("RAG of open actions by lead agency"));
    countTables(layout, table(figures, "actions_by_review"), {"review", "title"}, {"review", "title"},
                QStringLiteral("RAG of open actions by review"));
}

void auditRound(ReportLayout& layout, const json& figures) {
    const json& round = figures.at("round");
    if (!round.is_object()) {
        layout.section(QStringLiteral("Audit round"));
        layout.paragraph(QStringLiteral("No audit round has been opened for this partnership yet."));
        return;
    }
    layout.section(QStringLiteral("Audit round: %1").arg(QString::fromStdString(str(round, "title"))));

    const FigureTable rates = table(figures, "return_rates");
    BarChart rateChart{
        QStringLiteral("Agency"), QStringLiteral("Returns submitted, % of those assigned"), {}, {}, 100, true};
    for (std::size_t r = 0; r < rates.rowCount(); ++r) {
        const double rate = rates.number(r, "rate");
        QString total = QStringLiteral("%1 (%2 of %3)")
                            .arg(percentText(rate))
                            .arg(long(rates.number(r, "submitted")))
                            .arg(long(rates.number(r, "assigned")));
        if (const auto late = long(rates.number(r, "overdue")); late > 0)
            total += QStringLiteral(", %1 overdue").arg(late);
        rateChart.bars.push_back({rates.text(r, "agency"), {{rate, kAccent, {}}}, total});
    }
    if (rates.rowCount() > 0)
        chartWithHeading(layout, rates.title(), rateChart);
    else
        layout.paragraph(QStringLiteral("No returns are assigned in this round."));

    FigureTable late = table(figures, "late_returns");
    late.format("status", [](const json& v) { return returnStatusLabel(v.is_string() ? v.get<std::string>() : ""); });
    layout.subheading(QStringLiteral("%1 (%2)").arg(late.title()).arg(late.rowCount()));
    layout.table(late.report(QStringLiteral("Every return due so far has been submitted.")));

    const FigureTable heat = table(figures, "section11_heatmap");
    layout.subheading(heat.title());
    if (heat.rowCount() == 0 || heat.columnCount() < 2) {
        layout.paragraph(QStringLiteral("There is no heat map: this round is not a Section 11 self-assessment."));
    } else {
        ReportTable cells = heat.report({});
        cells.columns[0].weight = 2.2;
        for (std::size_t c = 1; c < cells.columns.size(); ++c) {
            cells.columns[c].weight = 1.0;
            cells.columns[c].align = Qt::AlignHCenter;
        }
        for (std::size_t r = 0; r < heat.rowCount(); ++r) {
            std::vector<QColor> fills(1);
            for (std::size_t c = 1; c < heat.columnCount(); ++c) {
                const std::string rating = heat.raw(r, heat.key(static_cast<int>(c)));
                cells.rows[r][c] = ratingLetter(rating);
                fills.push_back(ratingTint(rating));
            }
            cells.fills.push_back(std::move(fills));
        }
        layout.paragraph(
            QStringLiteral("Moderated rating of each agency against each standard: G green, A amber, "
                           "R red, N/A not applicable, \u2013 not moderated yet."));
        layout.table(cells);
    }

    const FigureTable selfVsModerated = table(figures, "self_vs_moderated");
    layout.subheading(selfVsModerated.title());
    layout.table(selfVsModerated.report(QStringLiteral("No standards have been self-rated in this round yet.")));

    // Counts are whole numbers; the other measures are percents and their change is in points.
    FigureTable comparison = table(figures, "round_comparison");
    const auto measureValue = [](const json& v) {
        if (v.is_null()) return QStringLiteral("\u2013");
        return v.is_number_integer() ? QString::number(v.get<long long>()) : percentText(v.get<double>());
    };
    comparison.format("previous", measureValue);
    comparison.format("this", measureValue);
    comparison.format("change", [](const json& v) {
        if (v.is_null()) return QStringLiteral("\u2013");
        const QString sign = v.get<double>() > 0 ? QStringLiteral("+") : QString();
        return v.is_number_integer() ? sign + QString::number(v.get<long long>())
                                     : sign + QString::number(v.get<double>(), 'f', 1) + QStringLiteral(" points");
    });
    layout.subheading(comparison.title());
    if (round.value("previous", json()).is_null())
        layout.paragraph(QStringLiteral("No earlier round of this template to compare with."));
    else
        layout.table(comparison.report(QStringLiteral("No measures to compare.")));

    // One row per question, its options in words: the table's row per option would repeat
    // each question's text four or five times.
    const FigureTable answers = table(figures, "answers_by_question");
    ReportTable byQuestion{{{QStringLiteral("Question"), 1.0, Qt::AlignLeft, true},
                            {QStringLiteral("Text"), 4.0},
                            {QStringLiteral("Answers (share of those answered)"), 5.0}},
                           {},
                           {},
                           QStringLiteral("The round's template has no choice questions.")};
    std::vector<QStringList> options;
    for (std::size_t r = 0; r < answers.rowCount(); ++r) {
        const QString question = answers.text(r, "question");
        if (byQuestion.rows.empty() || byQuestion.rows.back()[0] != question) {
            byQuestion.rows.push_back({question, answers.text(r, "text"), {}});
            options.emplace_back();
        }
        if (answers.number(r, "answers") > 0)
            options.back() << QStringLiteral("%1 %2 (%3)")
                                  .arg(answers.text(r, "label"), answers.text(r, "answers"), answers.text(r, "share"));
    }
    for (std::size_t q = 0; q < options.size(); ++q)
        byQuestion.rows[q][2] =
            options[q].isEmpty() ? QStringLiteral("No answers yet") : options[q].join(QStringLiteral("; "));
    layout.subheading(answers.title());
    layout.table(byQuestion);
}

void findings(ReportLayout& layout, const json& figures) {
    layout.section(QStringLiteral("Findings"));
    const FigureTable grades = table(figures, "grades_by_theme");
    const std::vector<GradeCounts> themes = gradesByTheme(grades);
    layout.subheading(grades.title());
    layout.paragraph(
        QStringLiteral("Every case-audit return of the partnership, by the theme of its round; "
                       "the moderated grade where there is one, else the agency's own."));
    if (themes.empty()) {
        layout.paragraph(QStringLiteral("No case audit has been graded yet."));
    } else {
        BarChart gradeChart{
            QStringLiteral("Theme"), QStringLiteral("Share of graded case-audit returns"), {}, {}, 100, true};
        for (const Grade& g : kGrades)
            gradeChart.legend.push_back(
                {g.fill, QStringLiteral("%1  %2").arg(QLatin1String(g.letter), ratingLabel(g.value))});
        for (const GradeCounts& theme : themes) {
            ChartBar bar{themeWords(theme.theme), {}, QStringLiteral("%1 graded").arg(long(theme.graded))};
            for (const Grade& g : kGrades) {
                auto it = theme.byGrade.find(g.value);
                const double n = it == theme.byGrade.end() ? 0 : it->second;
                bar.segments.push_back({100.0 * n / theme.graded, g.fill,
                                        QStringLiteral("%1 %2").arg(QLatin1String(g.letter)).arg(long(n))});
            }
            gradeChart.bars.push_back(std::move(bar));
        }
        layout.block(barChartHeight(layout, gradeChart),
                     [&](QPainter& p, const QRectF& area) { drawBarChart(p, area, layout, gradeChart); });
        for (const GradeCounts& theme : themes) {
            const QString audits = theme.graded == 1 ? QStringLiteral("audit") : QStringLiteral("audits");
            const QString were = theme.graded == 1 ? QStringLiteral("was") : QStringLiteral("were");
            layout.bullet(QStringLiteral("%1 of %2 %3 %4 (%5) %6 graded good or better.")
                              .arg(long(theme.goodOrBetter))
                              .arg(long(theme.graded))
                              .arg(themeWords(theme.theme), audits,
                                   percentText(shareOf(theme.goodOrBetter, theme.graded)), were));
        }
    }

    const FigureTable learning = table(figures, "round_learning");
    layout.subheading(QStringLiteral("Learning from the round's case audits"), 10);
    if (learning.rowCount() == 0) layout.paragraph(QStringLiteral("This round has no case audits."));
    for (std::size_t r = 0; r < learning.rowCount(); ++r) {
        const QString grade = learning.text(r, "agreed_grade");
        QString line = learning.text(r, "case");
        line += grade.isEmpty() ? QStringLiteral(" (no agreed grade yet): ")
                                : QStringLiteral(" (agreed grade %1): ").arg(grade);
        const QString text = learning.text(r, "learning");
        line += text.isEmpty() ? QStringLiteral("no learning recorded yet.") : text;
        layout.bullet(line);
    }
}

}  // namespace

const std::vector<std::pair<std::string, std::vector<std::string>>>& requiredTables() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> tables = {
        {"actions_by_agency",
         {"agency", "name", "not_started", "in_progress", "submitted_for_closure", "closed", "returned", "superseded",
          "red", "amber", "green", "total"}},
        {"actions_by_review",
         {"review", "title", "not_started", "in_progress", "submitted_for_closure", "closed", "returned", "superseded",
          "red", "amber", "green", "total"}},
        {"overdue_actions", {"ref", "status"}},
        {"actions_closed", {"ref"}},
        {"action_drift", {}},
        {"return_rates", {"agency", "assigned", "submitted", "rate", "overdue"}},
        {"late_returns", {"status"}},
        {"grades_by_theme", {"theme", "grade", "returns"}},
        {"answers_by_question", {"question", "text", "label", "answers", "share"}},
        {"self_vs_moderated", {}},
        {"section11_heatmap", {"agency"}},
        {"round_comparison", {"previous", "this", "change"}},
        {"round_learning", {"case", "agreed_grade", "learning"}},
    };
    return tables;
}

QString partnershipName(const json& figures) {
    const std::string name = str(figures, "partnership_name");
    return QString::fromStdString(name.empty() ? str(figures, "partnership") : name);
}

void composeBoardReport(ReportLayout& layout, const json& figures) {
    titleBlock(layout, figures);
    summary(layout, figures);
    actionCharts(layout, figures);
    actionPlans(layout, figures);
    auditRound(layout, figures);
    findings(layout, figures);
}

}  // namespace tandem::app::board
