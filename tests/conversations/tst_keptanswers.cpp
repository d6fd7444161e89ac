// A kept conversation holding a model's HTML, reopened in a new window over
// the same directory (what a restart does): the answer shows as text, and
// nothing in it makes the window load anything.
#include "ui/net/chatclient.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/chatdelegate.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatmodeljson.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/conversationkeeper.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/modeltextdocument.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace Qt::StringLiterals;
using namespace rill;

class TestKeptAnswers : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void reopenedHtmlStaysText();
};

void TestKeptAnswers::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_keptanswers"_s);
    QSettings().clear();
}

void TestKeptAnswers::reopenedHtmlStaysText()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString answer = u"Before <img src=\"x\"> after.\n\n<img src=\"file:///etc/passwd\">\n\n"
                           "A <b>bold</b> claim <script>alert(1)</script> and "
                           "<a href=\"javascript:alert(1)\">a link</a>.\n\n"
                           "<style>* { color: white }</style>\n\nThe last paragraph."_s;
    QString id;
    {
        ConversationStore store(dir.path());
        Conversation conversation;
        conversation.header.title = u"html"_s;
        conversation.items = chatItemsToJson({ { ChatItem::Kind::User, u"html?"_s, {} },
            { ChatItem::Kind::Assistant, answer, {} } });
        const auto header = store.save(conversation);
        QVERIFY(header);
        id = header->id;
    }

    const int refusedBefore = ModelTextDocument::refusedResourceCount();
    ChatClient client;
    ConversationStore store(dir.path());
    MainWindow window(&client, &store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.conversations()->open(id));
    QCOMPARE(window.model()->rowCount(), 2);
    auto *view = window.findChild<ChatView *>(u"chatView"_s);
    QVERIFY(view);
    view->visualRect(window.model()->index(1)); // runs the layout the reset scheduled
    window.grab();
    const QTextDocument *document
        = static_cast<const ChatDelegate *>(view->itemDelegate())->renderedText(1);
    QVERIFY(document);
    const QString shown = document->toPlainText();
    for (const QString &text :
        { u"<img src=\"x\"> after."_s, u"<img src=\"file:///etc/passwd\">"_s, u"<b>bold</b>"_s,
            u"<script>alert(1)</script>"_s, u"<a href=\"javascript:alert(1)\">a link</a>"_s,
            u"<style>* { color: white }</style>"_s, u"The last paragraph."_s })
        QVERIFY2(shown.contains(text), qPrintable(text + u" missing from: "_s + shown));
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            QVERIFY(format.fontWeight() < QFont::DemiBold);
            QVERIFY(!format.isImageFormat());
            QVERIFY(!format.isAnchor());
            // The style sheet did not whiten anything.
            QVERIFY(!format.hasProperty(QTextFormat::ForegroundBrush));
        }
    }
    QCOMPARE(ModelTextDocument::refusedResourceCount(), refusedBefore);
}

QTEST_MAIN(TestKeptAnswers)
#include "tst_keptanswers.moc"
