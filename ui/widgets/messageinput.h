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
};

} // namespace rill
