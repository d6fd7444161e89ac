// Markdown tables in model answers (issue 14.11): the cells of a row share one
// baseline, even where a cell is drawn with a CJK fallback font whose ascent is
// taller than the UI font's (it used to sit about 3 px low, looking bottom-aligned).
#include "ui/widgets/modeltextdocument.h"

#include <QAbstractTextDocumentLayout>
#include <QGuiApplication>
#include <QTest>
#include <QTextBlock>
#include <QTextFrame>
#include <QTextLayout>
#include <QTextTable>

using namespace Qt::StringLiterals;

namespace {

// The baselines of the first lines of row `row`'s cells, in document coordinates.
QList<qreal> rowBaselines(rill::ModelTextDocument &document, int row)
{
    QList<qreal> baselines;
    for (QTextFrame *frame : document.rootFrame()->childFrames()) {
        const auto *table = qobject_cast<QTextTable *>(frame);
        if (!table)
            continue;
        for (int column = 0; column < table->columns(); ++column) {
            const QTextBlock block = document.findBlock(table->cellAt(row, column).firstPosition());
            const QRectF rect = document.documentLayout()->blockBoundingRect(block);
            const QTextLine line = block.layout()->lineAt(0);
            baselines.append(rect.top() + line.y() + line.ascent());
        }
    }
    return baselines;
}

} // namespace

class TestMarkdownTables : public QObject
{
    Q_OBJECT
private slots:
    void cellsOfARowShareTheirBaseline_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::newRow("Chinese first header cell")
            << u"| 歌曲 | Artist | Year |\n|---|---|---|\n| 晴天 | Jay Chou | 2003 |\n"_s;
        QTest::newRow("Chinese in the middle, a wrapped neighbour")
            << u"| Song | 歌手 | Notes |\n|---|:-:|---|\n| Sunny Day | 周杰伦 | a long note that "
               u"will wrap over more than one line in a narrow bubble |\n"_s;
    }

    void cellsOfARowShareTheirBaseline()
    {
        QFETCH(QString, markdown);
        QTextLayout latin(u"Ag"_s, QGuiApplication::font());
        QTextLayout cjk(u"歌曲"_s, QGuiApplication::font());
        for (QTextLayout *layout : { &latin, &cjk }) {
            layout->beginLayout();
            layout->createLine();
            layout->endLayout();
        }
        if (qAbs(latin.lineAt(0).ascent() - cjk.lineAt(0).ascent()) < 1)
            QSKIP("no CJK fallback font here whose ascent differs from the UI font's");
        rill::ModelTextDocument document;
        document.setModelMarkdown(markdown);
        document.setTextWidth(320);
        for (int row = 0; row < 2; ++row) {
            const QList<qreal> baselines = rowBaselines(document, row);
            QCOMPARE(baselines.size(), 3);
            const auto [low, high] = std::minmax_element(baselines.cbegin(), baselines.cend());
            QVERIFY2(*high - *low < 0.5,
                qPrintable(u"row %1 baselines from %2 to %3"_s.arg(row).arg(*low).arg(*high)));
        }
    }
};

QTEST_MAIN(TestMarkdownTables)
#include "tst_markdowntables.moc"
