// The chrome of an answer's code blocks and its links, in a real ChatView
// (offscreen): each block shows its language and a Copy button that puts the
// code on the clipboard; a link opens in the browser on a click, never by
// itself, nor at the end of a drag, and only for web and mail addresses.
#include "ui/widgets/chatdelegate.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/codeblockchrome.h"
#include "ui/widgets/modeltextdocument.h"

#include <QAbstractTextDocumentLayout>
#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>

using namespace Qt::StringLiterals;

namespace {

const QString kAnswer = u"Here is the loop:\n\n```python\nfor i in range(3):\n    print(i)\n```\n\n"
                        "And a shell line:\n\n```sh\nls -la\n```\n\n"
                        "See [the docs](https://docs.example.org/loops) or "
                        "[a file](file:///etc/passwd).\n"_s;

} // namespace

// Stands in for the browser: QDesktopServices hands it the URLs it opens.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl &url) { opened << url; }
};

class TestCodeChrome : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_model = std::make_unique<rill::ChatModel>();
        m_view = std::make_unique<rill::ChatView>();
        m_view->setModel(m_model.get());
        m_view->resize(700, 600);
        m_model->addUserMessage(u"show me a loop"_s);
        m_model->addAssistantMessage(kAnswer);
        m_model->endRun();
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        for (const QString &scheme : { u"https"_s, u"http"_s, u"file"_s })
            QDesktopServices::setUrlHandler(scheme, &m_browser, "open");
    }
    void cleanup()
    {
        for (const QString &scheme : { u"https"_s, u"http"_s, u"file"_s })
            QDesktopServices::unsetUrlHandler(scheme);
        m_view.reset();
        m_model.reset();
    }

    void eachBlockHasItsLanguageAndCopy()
    {
        const auto *document = answerDocument();
        QVERIFY(document);
        const auto chrome = rill::CodeBlockChrome::of(*document);
        QCOMPARE(chrome.size(), 2);
        QCOMPARE(chrome.at(0).language, u"python"_s);
        QCOMPARE(chrome.at(0).code, u"for i in range(3):\n    print(i)"_s);
        QCOMPARE(chrome.at(1).language, u"sh"_s);
        // The band sits above the code, not over it.
        const QTextBlock firstLine
            = document->findBlockByNumber(document->codeBlocks().at(0).firstBlock);
        QVERIFY(chrome.at(0).band.bottom() <= firstLine.layout()->position().y());
        QVERIFY(chrome.at(0).band.contains(chrome.at(0).copyButton.center()));
        // Inside the bubble, which is as wide as the answer's widest line.
        QVERIFY(chrome.at(0).copyButton.right() <= document->idealWidth() + 0.5);
    }

    void copyButtonCopiesTheCode()
    {
        QGuiApplication::clipboard()->setText(u"something else"_s);
        auto *delegate = qobject_cast<rill::ChatDelegate *>(m_view->itemDelegate());
        QSignalSpy copied(delegate, &rill::ChatDelegate::codeCopied);
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, copyButtonAt(1));
        QTRY_COMPARE(copied.size(), 1);
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), u"ls -la"_s);
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, copyButtonAt(0));
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), u"for i in range(3):\n    print(i)"_s);
        QVERIFY(m_browser.opened.isEmpty());
    }

    void linksOpenOnAClickOnly()
    {
        // Shown, scrolled and hovered: nothing opens by itself.
        QTest::mouseMove(m_view->viewport(), linkAt(u"the docs"_s));
        QCoreApplication::processEvents();
        QVERIFY(m_browser.opened.isEmpty());
        QCOMPARE(m_view->viewport()->cursor().shape(), Qt::PointingHandCursor);

        // A drag that ends on the link is not a click on it.
        const QPoint link = linkAt(u"the docs"_s);
        QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, link + QPoint(0, 60));
        QTest::mouseMove(m_view->viewport(), link);
        QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, link);
        QVERIFY(m_browser.opened.isEmpty());

        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, link);
        QTRY_COMPARE(m_browser.opened.size(), 1);
        QCOMPARE(m_browser.opened.first(), QUrl(u"https://docs.example.org/loops"_s));

        // A link to a file is shown, not followed.
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, linkAt(u"a file"_s));
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, link);
        QTRY_COMPARE(m_browser.opened.size(), 2);
        QCOMPARE(m_browser.opened.last(), QUrl(u"https://docs.example.org/loops"_s));
    }

private:
    QModelIndex answer() const { return m_model->index(1, 0); }
    const rill::ModelTextDocument *answerDocument() const
    {
        auto *delegate = qobject_cast<rill::ChatDelegate *>(m_view->itemDelegate());
        return qobject_cast<const rill::ModelTextDocument *>(delegate->renderedText(1));
    }
    QPointF origin() const
    {
        QStyleOptionViewItem option;
        option.initFrom(m_view.get());
        option.rect = m_view->visualRect(answer());
        option.widget = m_view.get();
        return qobject_cast<rill::ChatDelegate *>(m_view->itemDelegate())
            ->textOrigin(option, answer());
    }
    QPoint copyButtonAt(int block) const
    {
        const auto chrome = rill::CodeBlockChrome::of(*answerDocument());
        return (origin() + chrome.at(block).copyButton.center()).toPoint();
    }
    QPoint linkAt(const QString &text) const
    {
        const auto *document = answerDocument();
        const QTextCursor found = document->find(text);
        const QTextBlock block = found.block();
        const QTextLine line
            = block.layout()->lineForTextPosition(found.selectionStart() - block.position());
        const qreal x = line.cursorToX(found.selectionStart() - block.position() + 2);
        const QPointF inDocument
            = block.layout()->position() + QPointF(x, line.y() + line.height() / 2);
        return (origin() + inDocument).toPoint();
    }

    std::unique_ptr<rill::ChatModel> m_model;
    std::unique_ptr<rill::ChatView> m_view;
    UrlCatcher m_browser;
};

QTEST_MAIN(TestCodeChrome)
#include "tst_codechrome.moc"
