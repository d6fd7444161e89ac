// The window by keyboard and on a small screen (offscreen, whose screen is
// 800×800): the first size fits the screen.
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/conversationsidebar.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/plancardpainter.h"
#include "ui/widgets/settingsdialog.h"

#include <QAction>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using namespace rill;

class TestWindowKeys : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void firstSizeFitsTheScreen();

private:
    ChatView *view() const { return m_window->findChild<ChatView *>(u"chatView"_s); }
    ChatModel *model() const { return m_window->model(); }

    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<MainWindow> m_window;
};

void TestWindowKeys::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_windowkeys"_s);
    QSettings().clear();
}

void TestWindowKeys::init()
{
    m_server = std::make_unique<ChatServer>([] { return std::make_unique<DemoAgent>(100ms); });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_client = std::make_unique<ChatClient>();
    m_client->setServerUrl(m_server->url());
    m_window = std::make_unique<MainWindow>(m_client.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(view());
}

void TestWindowKeys::cleanup()
{
    m_window.reset();
    m_client.reset();
    m_server.reset();
}

void TestWindowKeys::firstSizeFitsTheScreen()
{
    const QSize available = m_window->screen()->availableGeometry().size();
    QVERIFY2(m_window->width() <= available.width() && m_window->height() <= available.height(),
        qPrintable(u"%1×%2 on %3×%4"_s.arg(m_window->width())
                       .arg(m_window->height())
                       .arg(available.width())
                       .arg(available.height())));
}

QTEST_MAIN(TestWindowKeys)
#include "tst_windowkeys.moc"
