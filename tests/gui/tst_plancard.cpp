// The plan card's lines (offscreen): a detail beside its title sits on the
// title's baseline even when one of them is drawn with a CJK fallback font,
// whose ascent is taller than the UI font's.
#include "ui/widgets/chatitem.h"
#include "ui/widgets/plancardpainter.h"

#include <QApplication>
#include <QGlyphRun>
#include <QTest>
#include <QTextLayout>

using namespace Qt::StringLiterals;
using namespace rill;

namespace {

// Where the first glyph of `text` has its baseline, below the top of its line.
qreal baselineOf(const QString &text, const QFont &font)
{
    QTextLayout layout(text, font);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    line.setPosition(QPointF(0, 0));
    layout.endLayout();
    const QList<QGlyphRun> runs = layout.glyphRuns(0, 1);
    return runs.isEmpty() || runs.first().positions().isEmpty()
        ? 0
        : runs.first().positions().first().y();
}

} // namespace

class TestPlanCard : public QObject
{
    Q_OBJECT
private slots:
    void detailSitsOnTheTitlesBaseline_data();
    void detailSitsOnTheTitlesBaseline();
};

void TestPlanCard::detailSitsOnTheTitlesBaseline_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("detail");
    QTest::newRow("Chinese detail, English title") << u"1. Download"_s << u"已下载"_s;
    QTest::newRow("English detail, Chinese title") << u"1. 下载歌曲"_s << u"done"_s;
}

void TestPlanCard::detailSitsOnTheTitlesBaseline()
{
    QFETCH(QString, title);
    QFETCH(QString, detail);
    const QFont font = QApplication::font();
    if (qAbs(baselineOf(title, font) - baselineOf(detail, font)) < 1)
        QSKIP("no fallback font here whose ascent differs from the UI font's");
    const PlanCardPainter card(
        { PlanStep { title, StepState::Done, detail } }, RunEnd::Completed, font, 600);
    const QRect titleRect = card.titleRect(0);
    const QRect detailRect = card.detailRect(0);
    QVERIFY(!detailRect.isNull());
    QCOMPARE(detailRect.left() > titleRect.left(), true); // beside it, not below
    const qreal titleBaseline = titleRect.top() + baselineOf(title, font);
    const qreal detailBaseline = detailRect.top() + baselineOf(detail, font);
    QVERIFY2(qAbs(titleBaseline - detailBaseline) < 1,
        qPrintable(u"title on %1, detail on %2"_s.arg(titleBaseline).arg(detailBaseline)));
}

QTEST_MAIN(TestPlanCard)
#include "tst_plancard.moc"
