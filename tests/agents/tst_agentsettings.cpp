// The agent section of the settings: stored with QSettings, checked before OK,
// and reported by the window only when the user changed it.
#include "ui/net/chatclient.h"
#include "ui/widgets/agentsettings.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/settingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace rill;

class TestAgentSettings : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // Never the user's own settings.
        QCoreApplication::setOrganizationName(QStringLiteral("RillTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_agentsettings"));
        QSettings().clear();
    }
    void cleanup() { QSettings().clear(); }
    void storedAndLoaded();
    void unusableStoredSettingsFallBackToDemo();
    void dialogChecksAndReportsChanges();
};

void TestAgentSettings::storedAndLoaded()
{
    AgentSettings settings;
    settings.kind = AgentSettings::Kind::OpenAi;
    settings.llmUrl = QUrl(QStringLiteral("http://127.0.0.1:11434/"));
    settings.model = QStringLiteral("qwen2.5:7b");
    settings.apiKey = QStringLiteral("k");
    settings.timeoutSeconds = 30;
    {
        QSettings stored;
        settings.save(stored);
    }
    QCOMPARE(AgentSettings::load(QSettings()), settings);
    QCOMPARE(AgentSettings::kindFromName(QStringLiteral("OpenAI")), AgentSettings::Kind::OpenAi);
    QCOMPARE(AgentSettings::kindFromName(QStringLiteral("gpt")), std::nullopt);
}

void TestAgentSettings::unusableStoredSettingsFallBackToDemo()
{
    QSettings stored;
    stored.setValue(QStringLiteral("agent/kind"), QStringLiteral("process"));
    stored.setValue(QStringLiteral("agent/command"), QString());
    stored.setValue(QStringLiteral("agent/timeout"), QStringLiteral("never"));
    const AgentSettings loaded = AgentSettings::load(stored);
    QCOMPARE(loaded.kind, AgentSettings::Kind::Demo);
    QCOMPARE(loaded.timeoutSeconds, 120);
}

void TestAgentSettings::dialogChecksAndReportsChanges()
{
    ChatClient client;
    MainWindow window(&client);
    window.show();
    QSignalSpy changed(&window, &MainWindow::agentSettingsChanged);
    const auto openDialog = [&window]() -> SettingsDialog * {
        window.openSettings();
        auto *dialog = window.findChild<SettingsDialog *>();
        return dialog && dialog->isVisible() ? dialog : nullptr;
    };

    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("agentKindCombo"));
    auto *command = dialog->findChild<QLineEdit *>(QStringLiteral("agentCommandEdit"));
    auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("llmUrlEdit"));
    auto *key = dialog->findChild<QLineEdit *>(QStringLiteral("apiKeyEdit"));
    auto *problem = dialog->findChild<QLabel *>(QStringLiteral("agentProblemLabel"));
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(kind && command && url && key && problem && ok);
    QCOMPARE(kind->currentData().toInt(), int(AgentSettings::Kind::Demo));
    QVERIFY(!command->isEnabled());
    QCOMPARE(key->echoMode(), QLineEdit::Password);

    // The process agent needs a command: OK waits for it, a line says why.
    kind->setCurrentIndex(kind->findData(int(AgentSettings::Kind::Process)));
    QVERIFY(command->isEnabled());
    QVERIFY(!url->isEnabled());
    QVERIFY(!ok->isEnabled());
    QVERIFY(problem->isVisible());
    command->setText(QStringLiteral("python3 examples/agents/music_agent.py --delay 0.1"));
    QVERIFY(ok->isEnabled());
    QVERIFY(!problem->isVisible());

    // The OpenAI agent needs a usable URL.
    kind->setCurrentIndex(kind->findData(int(AgentSettings::Kind::OpenAi)));
    url->setText(QStringLiteral("localhost:8080"));
    QVERIFY(!ok->isEnabled());
    url->setText(QStringLiteral("http://127.0.0.1:8080"));
    QVERIFY(ok->isEnabled());

    kind->setCurrentIndex(kind->findData(int(AgentSettings::Kind::Process)));
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(changed.size(), 1);
    const auto reported = changed.first().first().value<AgentSettings>();
    QCOMPARE(reported.kind, AgentSettings::Kind::Process);
    QCOMPARE(
        reported.command, QStringLiteral("python3 examples/agents/music_agent.py --delay 0.1"));
    QCOMPARE(AgentSettings::load(QSettings()), reported);
    QTRY_VERIFY(!window.findChild<SettingsDialog *>());

    // OK without touching the agent keeps the agent running now (which may
    // come from the command line): nothing is reported.
    dialog = openDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->agentSettings(), reported);
    dialog->accept();
    QCOMPARE(changed.size(), 1);
}

QTEST_MAIN(TestAgentSettings)
#include "tst_agentsettings.moc"
