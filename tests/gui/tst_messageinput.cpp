// The message input's paste. Under X11, Qt 6.4 hands an empty clipboard on as
// a null QMimeData, and Ctrl+V into a QPlainTextEdit then crashed the window
// (seen under Xvfb: a segfault in QWidgetTextControl::insertFromMimeData).
// The input takes Ctrl+V itself and pastes nothing from nothing.
#include "ui/widgets/messageinput.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Reaches the protected paste entry points, as Qt's text control calls them.
class ProbedInput : public rill::MessageInput
{
public:
    using rill::MessageInput::canInsertFromMimeData;
    using rill::MessageInput::insertFromMimeData;
};

} // namespace

class TestMessageInput : public QObject
{
    Q_OBJECT
private slots:
    void nullClipboardPastesNothing();
    void ctrlVPastesTheClipboard();
};

void TestMessageInput::nullClipboardPastesNothing()
{
    ProbedInput input;
    input.setPlainText(u"kept"_s);
    QVERIFY(!input.canInsertFromMimeData(nullptr));
    input.insertFromMimeData(nullptr);
    QCOMPARE(input.toPlainText(), u"kept"_s);
}

void TestMessageInput::ctrlVPastesTheClipboard()
{
    rill::MessageInput input;
    input.show();
    QVERIFY(QTest::qWaitForWindowExposed(&input));
    QApplication::clipboard()->setText(u"pasted text"_s);
    QTest::keySequence(&input, QKeySequence::Paste);
    QCOMPARE(input.toPlainText(), u"pasted text"_s);
    QApplication::clipboard()->clear();
    QTest::keySequence(&input, QKeySequence::Paste);
    QCOMPARE(input.toPlainText(), u"pasted text"_s);
}

QTEST_MAIN(TestMessageInput)
#include "tst_messageinput.moc"
