#pragma once

#include <QList>
#include <QRectF>
#include <QString>

class QFont;
class QPainter;
class QPalette;

namespace rill {

class ModelTextDocument;

// The band over each fenced code block of an answer: the fence's language on
// the left, a Copy button on the right, on the code's own background (in the
// room ModelTextDocument leaves above the code). Laid out from the document,
// in the coordinates the document is drawn in.
struct CodeBlockChrome
{
    QRectF band;
    QRectF copyButton;
    QString language;
    QString code;

    static QList<CodeBlockChrome> of(const ModelTextDocument &document);
    // `copied`: the block whose button says "Copied" for a moment, or -1.
    static void paint(QPainter *painter, const QList<CodeBlockChrome> &blocks, const QFont &font,
        const QPalette &palette, int copied);
};

} // namespace rill
