#pragma once

#include <QPlainTextEdit>

namespace rill {

// Where the user writes: Enter sends, Shift+Enter starts a new line, as in
// most chat applications. A few lines tall; longer text scrolls.
class MessageInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit MessageInput(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

signals:
    // Enter was pressed; the text is left for the receiver to take.
    void sendRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    // Qt 6.4 under X11 gives a null QMimeData for an empty clipboard (nobody
    // owns it), and QPlainTextEdit's Ctrl+V dereferences it: the window
    // crashed. Paste goes through these instead; nothing to paste pastes nothing.
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
};

} // namespace rill
