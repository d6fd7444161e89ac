#include "ui/widgets/settingsdialog.h"

#include "ui/net/modeldefaults.h"
#include "ui/widgets/modelsettingspage.h"
#include "ui/widgets/toolssettings.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <utility>

namespace rill {

namespace {

// A holder that keeps `lines` lines of room for `label` whether it shows or
// not: the dialog must not grow, and OK move, as the user switches agents or
// types (a form layout drops the rows of hidden widgets).
QWidget *reserveRoom(QLabel *label, int lines)
{
    auto *holder = new QWidget(label->parentWidget());
    auto *layout = new QVBoxLayout(holder);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addStretch();
    holder->setMinimumHeight(lines * label->fontMetrics().lineSpacing());
    return holder;
}

} // namespace

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_embedded(new QRadioButton(tr("&Embedded server (on this computer)"), this))
    , m_remote(new QRadioButton(tr("&Remote server"), this))
    , m_url(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_tabs(new QTabWidget(this))
    , m_agentKind(new QComboBox(this))
    , m_agentCommand(new QLineEdit(this))
    , m_llmUrl(new QLineEdit(this))
    , m_model(new QLineEdit(this))
    , m_apiKey(new QLineEdit(this))
    , m_agentTimeout(new QSpinBox(this))
    , m_agentProblem(new QLabel(this))
    , m_modelPage(new ModelSettingsPage(this))
{
    setWindowTitle(tr("Settings"));
    m_embedded->setObjectName(QStringLiteral("embeddedServerRadio"));
    m_remote->setObjectName(QStringLiteral("remoteServerRadio"));
    m_url->setObjectName(QStringLiteral("serverUrlEdit"));
    m_token->setObjectName(QStringLiteral("tokenEdit"));
    m_problem->setObjectName(QStringLiteral("urlProblemLabel"));

    auto *modes = new QButtonGroup(this);
    modes->addButton(m_embedded);
    modes->addButton(m_remote);

    m_url->setPlaceholderText(QStringLiteral("http://127.0.0.1:8000/"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Only if the server asks for one"));
    m_problem->setWordWrap(true);
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_problem->setPalette(problemPalette);
    m_agentProblem->setWordWrap(true);
    m_agentProblem->setPalette(problemPalette);
    auto *remoteForm = new QFormLayout;
    remoteForm->setContentsMargins(24, 0, 0, 0); // indented under its radio button
    remoteForm->addRow(tr("&URL:"), m_url);
    remoteForm->addRow(QString(), reserveRoom(m_problem, 2));
    remoteForm->addRow(tr("&Token:"), m_token);

    auto *serverPage = new QWidget(this);
    auto *serverLayout = new QVBoxLayout(serverPage);
    serverLayout->addWidget(m_embedded);
    serverLayout->addWidget(m_remote);
    serverLayout->addLayout(remoteForm);
    serverLayout->addLayout(createAgentSection());
    serverLayout->addStretch();
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_tabs->addTab(serverPage, tr("&Server"));
    m_modelPage->setObjectName(QStringLiteral("modelSettingsPage"));
    m_tabs->addTab(m_modelPage, tr("Mode&l")); // Alt+M is the agent's model field
    setTools(nullptr);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_buttons);
    // The list is asked for when the page is first seen, from the settings as
    // they are then (the user may just have chosen another LLM server).
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_modelPage && !std::exchange(m_modelsListed, true))
            refreshModels();
    });
    connect(
        m_modelPage, &ModelSettingsPage::refreshRequested, this, &SettingsDialog::refreshModels);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_remote, &QRadioButton::toggled, this, &SettingsDialog::updateState);
    connect(m_url, &QLineEdit::textChanged, this, &SettingsDialog::updateState);

    setSettings(storedSettings());
    m_openedAgent = AgentSettings::load(QSettings());
    setAgentSettings(m_openedAgent);
    m_modelPage->setOptions(ModelDefaults::load(QSettings()));
    resize(480, sizeHint().height());
}

void SettingsDialog::showModelPage()
{
    m_tabs->setCurrentWidget(m_modelPage);
}

void SettingsDialog::refreshModels()
{
    m_modelsListed = true;
    m_modelPage->refresh(
        ModelSource::find(m_embeddedAvailable && m_embedded->isChecked(), agentSettings()));
}

void SettingsDialog::setTools(McpServerSet *tools)
{
    if (m_toolsPage) {
        m_tabs->removeTab(m_tabs->indexOf(m_toolsPage));
        m_toolsPage->deleteLater();
    }
    m_toolsPage = new ToolsSettings(tools, m_tabs);
    m_toolsPage->setObjectName(QStringLiteral("toolsSettings"));
    m_tabs->addTab(m_toolsPage, tr("&Tools"));
}

void SettingsDialog::setSettings(const ConnectionSettings &settings)
{
    m_remote->setChecked(settings.mode == ConnectionSettings::Mode::Remote);
    m_embedded->setChecked(settings.mode == ConnectionSettings::Mode::Embedded);
    m_url->setText(settings.url.toString());
    m_token->setText(settings.token);
    updateState();
}

ConnectionSettings SettingsDialog::settings() const
{
    ConnectionSettings settings;
    settings.mode = m_remote->isChecked() ? ConnectionSettings::Mode::Remote
                                          : ConnectionSettings::Mode::Embedded;
    if (!m_url->text().trimmed().isEmpty())
        settings.url = ConnectionSettings::baseUrl(m_url->text());
    settings.token = m_token->text();
    return settings;
}

QLayout *SettingsDialog::createAgentSection()
{
    m_agentKind->setObjectName(QStringLiteral("agentKindCombo"));
    m_agentCommand->setObjectName(QStringLiteral("agentCommandEdit"));
    m_llmUrl->setObjectName(QStringLiteral("llmUrlEdit"));
    m_model->setObjectName(QStringLiteral("modelEdit"));
    m_apiKey->setObjectName(QStringLiteral("apiKeyEdit"));
    m_agentTimeout->setObjectName(QStringLiteral("agentTimeoutSpin"));
    m_agentProblem->setObjectName(QStringLiteral("agentProblemLabel"));

    m_agentKind->addItem(tr("Demo music assistant"), int(AgentSettings::Kind::Demo));
    m_agentKind->addItem(tr("External process (JSON lines)"), int(AgentSettings::Kind::Process));
    m_agentKind->addItem(tr("OpenAI-compatible LLM server"), int(AgentSettings::Kind::OpenAi));
    m_agentCommand->setPlaceholderText(QStringLiteral("python3 examples/agents/music_agent.py"));
    m_llmUrl->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080/"));
    m_model->setPlaceholderText(tr("The server's default"));
    // Two model fields: this one is the server's, for clients that ask for none.
    m_model->setToolTip(tr("The model the embedded server asks for when the window asks for "
                           "none; the window's own choice is on the Model page."));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setPlaceholderText(tr("Only if the server asks for one"));
    m_agentTimeout->setRange(1, 86400);
    m_agentTimeout->setSuffix(tr(" s"));
    m_agentTimeout->setToolTip(tr("A run fails when the agent is silent for this long"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Agent:"), m_agentKind);
    form->addRow(tr("&Command:"), m_agentCommand);
    form->addRow(tr("LLM &server:"), m_llmUrl);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("API &key:"), m_apiKey);
    form->addRow(tr("&Silence timeout:"), m_agentTimeout);
    form->addRow(QString(), reserveRoom(m_agentProblem, 3));

    auto *section = new QVBoxLayout;
    auto *title = new QLabel(tr("<b>Agent of the embedded server</b>"), this);
    section->addSpacing(8);
    section->addWidget(title);
    section->addLayout(form);

    connect(m_agentKind, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateState);
    connect(m_agentCommand, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    connect(m_llmUrl, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    return section;
}

void SettingsDialog::setAgentSettings(const AgentSettings &settings)
{
    m_agentKind->setCurrentIndex(m_agentKind->findData(int(settings.kind)));
    m_agentCommand->setText(settings.command);
    m_llmUrl->setText(settings.llmUrl.toString());
    m_model->setText(settings.model);
    m_apiKey->setText(settings.apiKey);
    m_agentTimeout->setValue(settings.timeoutSeconds);
    updateState();
}

void SettingsDialog::showAgentInUse(const AgentSettings &settings)
{
    m_openedAgent = settings;
    setAgentSettings(settings);
}

AgentSettings SettingsDialog::agentSettings() const
{
    AgentSettings settings;
    settings.kind = AgentSettings::Kind(m_agentKind->currentData().toInt());
    settings.command = m_agentCommand->text().trimmed();
    settings.llmUrl = QUrl(m_llmUrl->text().trimmed());
    settings.model = m_model->text().trimmed();
    settings.apiKey = m_apiKey->text();
    settings.timeoutSeconds = m_agentTimeout->value();
    return settings;
}

ConnectionSettings SettingsDialog::storedSettings()
{
    return ConnectionSettings::load(QSettings());
}

void SettingsDialog::accept()
{
    if (m_remote->isChecked() && !ConnectionSettings::urlProblem(m_url->text()).isEmpty())
        return; // OK is disabled then; this guards against Enter in a field
    const AgentSettings agent = agentSettings();
    if (!agent.problem().isEmpty())
        return;
    QSettings stored;
    settings().save(stored);
    agent.save(stored);
    ModelDefaults::save(stored, m_modelPage->options());
    m_toolsPage->apply();
    if (agent != m_openedAgent)
        emit agentSettingsChanged(agent);
    QDialog::accept();
}

void SettingsDialog::updateState()
{
    const bool remote = m_remote->isChecked();
    m_url->setEnabled(remote);
    m_token->setEnabled(remote);
    // An empty field is not an error until the user has had a chance to type.
    const QString problem = remote && !m_url->text().isEmpty()
        ? ConnectionSettings::urlProblem(m_url->text())
        : QString();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());

    const AgentSettings agent = agentSettings();
    const bool process = agent.kind == AgentSettings::Kind::Process;
    const bool llm = agent.kind == AgentSettings::Kind::OpenAi;
    m_agentCommand->setEnabled(process);
    m_llmUrl->setEnabled(llm);
    m_model->setEnabled(llm);
    m_apiKey->setEnabled(llm);
    m_agentTimeout->setEnabled(process || llm);
    const QString agentProblem = agent.problem();
    m_agentProblem->setText(agentProblem);
    m_agentProblem->setVisible(!agentProblem.isEmpty());

    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled((!remote || ConnectionSettings::urlProblem(m_url->text()).isEmpty())
            && agentProblem.isEmpty());
}

} // namespace rill
