// Settings ▸ Model and the bar above the chat, in the real window (offscreen)
// against tests/peers/fake_openai.py on loopback, behind a real ChatServer and
// the OpenAI agent: the picker fills from GET /v1/models (and says in words why
// when it cannot), the model and a conversation's own system prompt reach the
// upstream request (fake_openai.py's answer names what it received), the
// conversation's choices come back after a restart, and a server started with
// --lock-options is said to ignore them.
#include "server/agent/openaiagent.h"
#include "server/http/chatserver.h"
#include "tests/support/fakeopenai.h"
#include "ui/net/chatclient.h"
#include "ui/net/modeldefaults.h"
#include "ui/net/serverhealth.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/conversationbar.h"
#include "ui/widgets/conversationkeeper.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/modelsettingspage.h"
#include "ui/widgets/settingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using rill::ChatItem;

namespace {

constexpr int kRunTimeoutMs = 15000;
const QStringList kModels { u"alpha"_s, u"beta"_s, u"gamma"_s };

rill::AgentSettings openAiAgent(const QUrl &llmUrl)
{
    rill::AgentSettings agent;
    agent.kind = rill::AgentSettings::Kind::OpenAi;
    agent.llmUrl = llmUrl;
    return agent;
}

QStringList itemsOf(const QComboBox *combo)
{
    QStringList items;
    for (int i = 0; i < combo->count(); ++i)
        items.append(combo->itemText(i));
    return items;
}

} // namespace

class TestModelSettings : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init() { QSettings().clear(); } // one test's failure must not set the next one's
    void cleanup();
    void pickerFillsFromTheLlmServer();
    void pickerSaysWhyWhenThereIsNoList();
    void modelAndConversationPromptReachTheModel();
    void lockedServerIsSaidToIgnoreTheChoices();
    void anEarlierServersListIsNotShown();

private:
    void openWindow();
    rill::ChatModel *model() const { return m_window->model(); }
    rill::ConversationBar *bar() const { return m_window->conversationBar(); }
    QComboBox *barCombo() const
    {
        return bar()->findChild<QComboBox *>(u"conversationModelCombo"_s);
    }
    // Sends `text` and returns the answer's text once the run is over.
    QString ask(const QString &text);

    FakeOpenAi m_llm;
    QTemporaryDir m_dir;
    std::unique_ptr<rill::ChatServer> m_server;
    std::unique_ptr<rill::ChatClient> m_client;
    std::unique_ptr<rill::ConversationStore> m_store;
    std::unique_ptr<rill::MainWindow> m_window;
};

void TestModelSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_modelsettings"_s);
    QSettings().clear();
    QString why;
    QVERIFY2(m_llm.start({ u"--mode"_s, u"reasoning_content"_s, u"--delay"_s, u"0.002"_s,
                             u"--models"_s, kModels.join(u',') },
                 &why),
        qPrintable(why));
    rill::OpenAiAgentOptions agent;
    agent.baseUrl = m_llm.url();
    m_server = std::make_unique<rill::ChatServer>(
        [agent] { return std::make_unique<rill::OpenAiAgent>(agent); });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_client = std::make_unique<rill::ChatClient>();
    QVERIFY(m_dir.isValid());
}

void TestModelSettings::cleanup()
{
    m_window.reset();
    m_store.reset();
}

void TestModelSettings::openWindow()
{
    m_window.reset();
    m_store = std::make_unique<rill::ConversationStore>(m_dir.path());
    m_window = std::make_unique<rill::MainWindow>(m_client.get(), m_store.get());
    m_window->setEmbeddedServer(m_server->url());
    m_window->setAgentInUse(openAiAgent(m_llm.url()));
    m_window->applySettings(rill::ConnectionSettings {});
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

QString TestModelSettings::ask(const QString &text)
{
    auto *input = m_window->findChild<rill::MessageInput *>(u"messageInput"_s);
    input->setPlainText(text);
    QSignalSpy finished(m_client.get(), &rill::ChatClient::streamFinished);
    m_window->sendMessage();
    if (!finished.wait(kRunTimeoutMs))
        return u"(no end of the run)"_s;
    for (int row = model()->rowCount() - 1; row >= 0; --row) {
        if (model()->item(row).kind == ChatItem::Kind::Assistant)
            return model()->item(row).text;
        if (model()->item(row).kind == ChatItem::Kind::Error)
            return u"(error) "_s + model()->item(row).text;
    }
    return u"(no answer)"_s;
}

void TestModelSettings::pickerFillsFromTheLlmServer()
{
    rill::SettingsDialog dialog;
    dialog.setAgentSettings(openAiAgent(m_llm.url()));
    auto *page = dialog.findChild<rill::ModelSettingsPage *>(u"modelSettingsPage"_s);
    auto *combo = page->findChild<QComboBox *>(u"modelCombo"_s);
    auto *note = page->findChild<QLabel *>(u"modelListNote"_s);
    auto *refresh = page->findChild<QPushButton *>(u"refreshModelsButton"_s);
    auto *temperature = page->findChild<QDoubleSpinBox *>(u"temperatureSpin"_s);
    auto *topP = page->findChild<QDoubleSpinBox *>(u"topPSpin"_s);
    auto *maxTokens = page->findChild<QSpinBox *>(u"maxTokensSpin"_s);
    auto *system = page->findChild<QPlainTextEdit *>(u"systemPromptEdit"_s);
    QVERIFY(combo && note && refresh && temperature && topP && maxTokens && system);
    dialog.show();
    QCOMPARE(combo->count(), 0); // asked for only when the page is seen
    dialog.showModelPage();
    QTRY_COMPARE(itemsOf(combo), kModels);
    QCOMPARE(note->text(), u"Models listed by the LLM server: 3."_s);
    QVERIFY(combo->isEditable());
    // Unset until chosen: "Server default", nothing sent.
    QCOMPARE(temperature->text(), u"Server default"_s);
    QCOMPARE(maxTokens->text(), u"Server default"_s);
    QVERIFY(page->options().isEmpty());

    combo->setCurrentIndex(kModels.indexOf(u"beta"_s));
    temperature->setValue(0.3);
    maxTokens->setValue(200);
    system->setPlainText(u"Be brief."_s);
    // Refresh asks again and keeps the choice.
    QTest::mouseClick(refresh, Qt::LeftButton);
    QVERIFY(!refresh->isEnabled());
    QTRY_VERIFY(refresh->isEnabled());
    QCOMPARE(combo->currentText(), u"beta"_s);
    dialog.accept();

    const rill::ChatOptions stored = rill::ModelDefaults::load(QSettings());
    QCOMPARE(stored.model, u"beta"_s);
    QCOMPARE(stored.temperature, 0.3);
    QCOMPARE(stored.maxTokens, 200);
    QCOMPARE(stored.system, u"Be brief."_s);
    QVERIFY(!stored.topP);

    // It opens again as stored; back to "Server default" removes the choice.
    rill::SettingsDialog again;
    auto *spin = again.findChild<QDoubleSpinBox *>(u"temperatureSpin"_s);
    QCOMPARE(spin->value(), 0.3);
    spin->setValue(spin->minimum());
    again.accept();
    QVERIFY(!rill::ModelDefaults::load(QSettings()).temperature);
    QSettings().clear();
}

void TestModelSettings::pickerSaysWhyWhenThereIsNoList()
{
    // An LLM server that is not there: a closed port on loopback.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QUrl gone(u"http://127.0.0.1:%1"_s.arg(closed.serverPort()));
    closed.close();
    rill::SettingsDialog dialog;
    dialog.setAgentSettings(openAiAgent(gone));
    auto *combo = dialog.findChild<QComboBox *>(u"modelCombo"_s);
    auto *note = dialog.findChild<QLabel *>(u"modelListNote"_s);
    dialog.show();
    dialog.showModelPage();
    QTRY_VERIFY(note->text().contains(u"could not be reached"_s));
    QVERIFY2(note->text().contains(u"type the model's name"_s), qPrintable(note->text()));
    QCOMPARE(combo->count(), 0);
    combo->setCurrentText(u"my-model"_s); // free entry
    QCOMPARE(dialog.modelPage()->options().model, u"my-model"_s);

    // A server listing none.
    FakeOpenAi empty;
    QString why;
    QVERIFY2(empty.start({ u"--models"_s, QString() }, &why), qPrintable(why));
    dialog.setAgentSettings(openAiAgent(empty.url()));
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"refreshModelsButton"_s), Qt::LeftButton);
    QTRY_VERIFY2(note->text().contains(u"lists no models"_s), qPrintable(note->text()));
    QCOMPARE(combo->currentText(), u"my-model"_s);

    // The demo agent has no models at all, and a remote server does not list them.
    dialog.setAgentSettings(rill::AgentSettings {});
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"refreshModelsButton"_s), Qt::LeftButton);
    QVERIFY2(note->text().contains(u"demo music assistant"_s), qPrintable(note->text()));
    dialog.setAgentSettings(openAiAgent(m_llm.url()));
    dialog.findChild<QRadioButton *>(u"remoteServerRadio"_s)->setChecked(true);
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"refreshModelsButton"_s), Qt::LeftButton);
    QVERIFY2(note->text().contains(u"remote Rill server"_s), qPrintable(note->text()));
}

void TestModelSettings::modelAndConversationPromptReachTheModel()
{
    rill::ChatOptions defaults;
    defaults.model = u"alpha"_s;
    defaults.temperature = 0.3;
    QSettings settings;
    rill::ModelDefaults::save(settings, defaults);
    openWindow();
    QComboBox *combo = barCombo();
    QVERIFY(combo);
    // The bar lists the LLM server's models and shows the one in use.
    QTRY_COMPARE(itemsOf(combo), kModels);
    QCOMPARE(combo->currentText(), QString());
    QCOMPARE(combo->lineEdit()->placeholderText(), u"alpha (from Settings)"_s);
    QCOMPARE(bar()->modelInUse(), u"alpha"_s);

    // This conversation: another model, and a system prompt of its own.
    combo->setCurrentIndex(kModels.indexOf(u"gamma"_s));
    emit combo->activated(combo->currentIndex()); // as a pick from the list does
    QCOMPARE(bar()->modelInUse(), u"gamma"_s);
    auto *systemButton = bar()->findChild<QPushButton *>(u"conversationSystemButton"_s);
    QCOMPARE(systemButton->text(), u"System prompt: default"_s);
    QTest::mouseClick(systemButton, Qt::LeftButton);
    QDialog *promptDialog = nullptr;
    QTRY_VERIFY((promptDialog = bar()->findChild<QDialog *>(u"systemPromptDialog"_s)));
    promptDialog->findChild<QPlainTextEdit *>(u"conversationSystemEdit"_s)
        ->setPlainText(u"Answer like a pirate."_s);
    QTest::mouseClick(promptDialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
        Qt::LeftButton);
    QCOMPARE(systemButton->text(), u"System prompt: this chat's"_s);

    const QString answer = ask(u"where is the treasure?"_s);
    QVERIFY2(answer.contains(u"model=gamma temperature=0.3"_s), qPrintable(answer));
    QVERIFY2(answer.contains(u"- system: Answer like a pirate."_s), qPrintable(answer));
    QVERIFY(m_window->conversations()->overrides().model == u"gamma"_s);
    const QString first = m_window->conversations()->currentId();

    // A new conversation follows the settings again.
    m_window->newChat();
    QCOMPARE(combo->currentText(), QString());
    QCOMPARE(systemButton->text(), u"System prompt: default"_s);
    const QString plain = ask(u"and now?"_s);
    QVERIFY2(plain.contains(u"model=alpha temperature=0.3"_s), qPrintable(plain));
    QVERIFY2(!plain.contains(u"- system:"_s), qPrintable(plain));

    // Quit and start again: the first conversation keeps its choices.
    m_window->close();
    m_window.reset();
    m_store.reset();
    openWindow();
    QVERIFY(m_window->conversations()->open(first));
    QCOMPARE(barCombo()->currentText(), u"gamma"_s);
    systemButton = bar()->findChild<QPushButton *>(u"conversationSystemButton"_s);
    QCOMPARE(systemButton->text(), u"System prompt: this chat's"_s);
    const QString again = ask(u"say it again"_s);
    QVERIFY2(again.contains(u"model=gamma"_s), qPrintable(again));
    QVERIFY2(again.contains(u"- system: Answer like a pirate."_s), qPrintable(again));

    // "Use Settings" forgets them, in the file too.
    auto *reset = bar()->findChild<QPushButton *>(u"resetOverridesButton"_s);
    QVERIFY(reset->isVisible());
    QTest::mouseClick(reset, Qt::LeftButton);
    QVERIFY(!reset->isVisible());
    QCOMPARE(barCombo()->currentText(), QString());
    m_store->waitForWrites();
    QVERIFY(m_store->load(first)->header.options.isEmpty());
    QSettings().clear();
}

void TestModelSettings::lockedServerIsSaidToIgnoreTheChoices()
{
    openWindow();
    auto *locked = bar()->findChild<QLabel *>(u"optionsLockedLabel"_s);
    QVERIFY(locked);
    // The open server: a check of its own (the window's may have landed already), then
    // a locked one.
    QSignalSpy checked(bar()->findChild<rill::ServerHealth *>(), &rill::ServerHealth::checked);
    bar()->serverChanged();
    QVERIFY(checked.wait(5000));
    QCOMPARE(checked.last().at(0).toBool(), false);
    QVERIFY(!locked->isVisible());

    rill::ChatServer::Options options;
    options.lockOptions = true;
    rill::OpenAiAgentOptions agent;
    agent.baseUrl = m_llm.url();
    rill::ChatServer lockedServer(
        [agent] { return std::make_unique<rill::OpenAiAgent>(agent); }, options);
    QVERIFY(lockedServer.listen(QHostAddress::LocalHost, 0));
    rill::ConnectionSettings remote;
    remote.mode = rill::ConnectionSettings::Mode::Remote;
    remote.url = lockedServer.url();
    m_window->applySettings(remote);
    QTRY_VERIFY(locked->isVisible());
    QCOMPARE(locked->text(), u"The server uses its own model and settings, not these."_s);
    // A remote server does not list its models: free entry.
    QCOMPARE(barCombo()->count(), 0);
    QCOMPARE(barCombo()->lineEdit()->placeholderText(), u"The server's default model"_s);

    m_window->applySettings(rill::ConnectionSettings {});
    QTRY_VERIFY(!locked->isVisible());
}

void TestModelSettings::anEarlierServersListIsNotShown()
{
    // An LLM server that takes its time over /v1/models: the window moves to a
    // remote server (which lists nothing) before the answer, which must not land
    // in the bar. CI saw it land when the embedded server's list came late.
    QTcpServer slowLlm;
    QVERIFY(slowLlm.listen(QHostAddress::LocalHost, 0));
    m_window.reset();
    m_store = std::make_unique<rill::ConversationStore>(m_dir.path());
    m_window = std::make_unique<rill::MainWindow>(m_client.get(), m_store.get());
    m_window->setEmbeddedServer(m_server->url());
    m_window->setAgentInUse(openAiAgent(QUrl(u"http://127.0.0.1:%1"_s.arg(slowLlm.serverPort()))));
    m_window->applySettings(rill::ConnectionSettings {});
    QTRY_VERIFY(slowLlm.hasPendingConnections());
    QTcpSocket *asked = slowLlm.nextPendingConnection();
    QSignalSpy gone(asked, &QTcpSocket::disconnected);

    rill::ConnectionSettings remote;
    remote.mode = rill::ConnectionSettings::Mode::Remote;
    QTcpServer otherRill; // never asked anything here: a remote server lists no models
    QVERIFY(otherRill.listen(QHostAddress::LocalHost, 0));
    remote.url = QUrl(u"http://127.0.0.1:%1/"_s.arg(otherRill.serverPort()));
    m_window->applySettings(remote);
    // The question is withdrawn at once, well before the list's own 5 s timeout.
    QVERIFY(gone.wait(2000));
    QCOMPARE(barCombo()->count(), 0);
}

QTEST_MAIN(TestModelSettings)
#include "tst_modelsettings.moc"
