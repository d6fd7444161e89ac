#include "ui/widgets/messageinput.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QKeyEvent>

namespace rill {

namespace {

constexpr int kVisibleLines = 3;

} // namespace

MessageInput::MessageInput(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize MessageInput::sizeHint() const
{
    const int lines = fontMetrics().lineSpacing() * kVisibleLines;
    const int margins = int(2 * document()->documentMargin()) + 2 * frameWidth()
        + contentsMargins().top() + contentsMargins().bottom();
    return { QPlainTextEdit::sizeHint().width(), lines + margins };
}

void MessageInput::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Paste)) {
        // Not QPlainTextEdit's own: it pastes an empty X11 clipboard's null data (below).
        if (!isReadOnly())
            insertFromMimeData(QGuiApplication::clipboard()->mimeData());
        return;
    }
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (!enter) {
        QPlainTextEdit::keyPressEvent(event);
        return;
    }
    if (event->modifiers() & Qt::ShiftModifier) {
        // A real paragraph break: the default for Shift+Enter is a line
        // separator (U+2028), which other programs do not read as a newline.
        insertPlainText(QStringLiteral("\n"));
        return;
    }
    emit sendRequested();
}

bool MessageInput::canInsertFromMimeData(const QMimeData *source) const
{
    return source && QPlainTextEdit::canInsertFromMimeData(source);
}

void MessageInput::insertFromMimeData(const QMimeData *source)
{
    if (source && QPlainTextEdit::canInsertFromMimeData(source))
        QPlainTextEdit::insertFromMimeData(source);
}

} // namespace rill
