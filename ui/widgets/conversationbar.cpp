#include "ui/widgets/conversationbar.h"

#include "ui/net/chatclient.h"
#include "ui/net/modeldefaults.h"
#include "ui/net/modellist.h"
#include "ui/net/serverhealth.h"
#include "ui/widgets/conversationkeeper.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace rill {

ConversationBar::ConversationBar(ConversationKeeper *keeper, ChatClient *client, QWidget *parent)
    : QWidget(parent)
    , m_keeper(keeper)
    , m_client(client)
    , m_list(new ModelList(this))
    , m_health(new ServerHealth(this))
    , m_model(new QComboBox(this))
    , m_system(new QPushButton(this))
    , m_reset(new QPushButton(tr("Use Settings"), this))
    , m_locked(new QLabel(this))
{
    m_model->setObjectName(QStringLiteral("conversationModelCombo"));
    m_system->setObjectName(QStringLiteral("conversationSystemButton"));
    m_reset->setObjectName(QStringLiteral("resetOverridesButton"));
    m_locked->setObjectName(QStringLiteral("optionsLockedLabel"));

    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setMinimumContentsLength(14);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_system->setToolTip(tr("The system prompt of this conversation only"));
    m_reset->setToolTip(tr("Forget this conversation's model and system prompt: use Settings'"));
    // Short, to keep the bar low; it wraps rather than widen the window, and
    // the tooltip says why and what to do.
    m_locked->setText(tr("The server uses its own model and settings, not these."));
    m_locked->setWordWrap(true);
    m_locked->setToolTip(tr("This server was started with --lock-options: it ignores the model, "
                            "system prompt and parameters the window asks for. Its own "
                            "(rill --serve --model, --system, --temperature...) apply."));
    m_locked->setStyleSheet(QStringLiteral("color: #8a5a00;"));
    m_locked->hide();
    auto *settings = new QPushButton(tr("Settings…"), this);
    settings->setObjectName(QStringLiteral("modelSettingsButton"));
    settings->setToolTip(tr("Settings ▸ Model: the default model, parameters and system prompt"));

    auto *label = new QLabel(tr("Mo&del:"), this);
    label->setBuddy(m_model);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(label);
    layout->addWidget(m_model);
    layout->addWidget(m_system);
    layout->addWidget(m_reset);
    layout->addWidget(m_locked, 1);
    layout->addStretch();
    layout->addWidget(settings);

    connect(m_model, &QComboBox::activated, this, &ConversationBar::applyModel);
    connect(m_model->lineEdit(), &QLineEdit::editingFinished, this, &ConversationBar::applyModel);
    connect(m_system, &QPushButton::clicked, this, &ConversationBar::editSystemPrompt);
    connect(m_reset, &QPushButton::clicked, this, [this] { m_keeper->setOverrides({}); });
    connect(settings, &QPushButton::clicked, this, &ConversationBar::settingsRequested);
    connect(m_keeper, &ConversationKeeper::overridesChanged, this, &ConversationBar::showOverrides);
    connect(m_list, &ModelList::finished, this, [this](const QStringList &models) {
        const QString shown = m_model->currentText();
        m_model->clear();
        m_model->addItems(models);
        m_model->setCurrentText(shown);
    });
    connect(m_health, &ServerHealth::checked, this, &ConversationBar::showLocked);
    // A server may be restarted with other flags: what it says is read again after each run.
    connect(m_client, &ChatClient::streamFinished, this, &ConversationBar::serverChanged);
    showOverrides();
}

void ConversationBar::setModelSource(const ModelSource &source)
{
    m_source = source;
    const QString own = tr("The model of this conversation only. Leave it empty to use the one "
                           "in Settings ▸ Model.");
    // With no list to pick from, the reason is one hover away.
    m_model->setToolTip(source.note.isEmpty() ? own : own + QStringLiteral("\n\n") + source.note);
    if (!source.modelsUrl.isEmpty())
        m_list->fetch(source.modelsUrl, source.apiKey);
    else {
        m_list->cancel(); // the previous server's list must not land here
        m_model->clear(); // no list: free entry
    }
    showOverrides();
}

void ConversationBar::serverChanged()
{
    m_health->check(m_client->serverUrl(), m_client->token());
}

QString ConversationBar::modelInUse() const
{
    if (const auto model = m_keeper->requestOptions().model)
        return *model;
    return m_source.serverModel.isEmpty() ? tr("the server's default") : m_source.serverModel;
}

void ConversationBar::showOverrides()
{
    const ChatOptions own = m_keeper->overrides();
    const ChatOptions settings = ModelDefaults::load(QSettings());
    // Empty when the conversation follows the settings; the placeholder then
    // names the model those choose, so the bar always shows the one in use.
    const QString fallback = settings.model ? tr("%1 (from Settings)").arg(*settings.model)
        : m_source.serverModel.isEmpty()    ? tr("The server's default model")
                                            : tr("%1 (the server's)").arg(m_source.serverModel);
    m_model->lineEdit()->setPlaceholderText(fallback);
    if (m_model->currentText() != own.model.value_or(QString()))
        m_model->setCurrentText(own.model.value_or(QString()));
    if (!own.system)
        m_system->setText(
            settings.system ? tr("System prompt: Settings'") : tr("System prompt: default"));
    else if (own.system->isEmpty())
        m_system->setText(tr("System prompt: none"));
    else
        m_system->setText(tr("System prompt: this chat's"));
    m_system->setToolTip(
        own.system ? own.system->left(500) : settings.system.value_or(tr("The server's default")));
    m_reset->setVisible(!own.isEmpty());
}

void ConversationBar::applyModel()
{
    ChatOptions own = m_keeper->overrides();
    const QString text = m_model->currentText().trimmed().left(ChatOptions::kMaxModelChars);
    own.model = text.isEmpty() ? std::nullopt : std::optional(text);
    m_keeper->setOverrides(own);
}

void ConversationBar::editSystemPrompt()
{
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("systemPromptDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("System Prompt of This Conversation"));
    auto *edit = new QPlainTextEdit(dialog);
    edit->setObjectName(QStringLiteral("conversationSystemEdit"));
    const ChatOptions own = m_keeper->overrides();
    edit->setPlainText(
        own.system.value_or(ModelDefaults::load(QSettings()).system.value_or(QString())));
    edit->setPlaceholderText(tr("Empty: no system prompt at all in this conversation"));
    auto *buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults,
        dialog);
    buttons->button(QDialogButtonBox::RestoreDefaults)->setText(tr("Use Settings'"));
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(new QLabel(tr("Sent with every message of this conversation, instead of "
                                    "the default system prompt of Settings ▸ Model."),
        dialog));
    layout->addWidget(edit);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, edit] {
        ChatOptions own = m_keeper->overrides();
        own.system = edit->toPlainText().left(ChatOptions::kMaxSystemChars);
        m_keeper->setOverrides(own);
        dialog->accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, dialog,
        [this, dialog] {
            ChatOptions own = m_keeper->overrides();
            own.system.reset();
            m_keeper->setOverrides(own);
            dialog->accept();
        });
    dialog->resize(520, 300);
    dialog->open();
}

void ConversationBar::showLocked(bool locked)
{
    m_locked->setVisible(locked);
}

} // namespace rill
