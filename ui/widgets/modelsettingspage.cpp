#include "ui/widgets/modelsettingspage.h"

#include "ui/net/modellist.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>

namespace rill {

namespace {

// A spin box whose lowest value, one step under the real range, reads "Server
// default" and stands for unset: the user sees the state and reaches it with
// the arrows, with no separate check box to forget.
void setUpDouble(QDoubleSpinBox *box, double maximum, double step)
{
    box->setDecimals(2);
    box->setRange(-step, maximum);
    box->setSingleStep(step);
    box->setSpecialValueText(ModelSettingsPage::tr("Server default"));
    box->setValue(-step);
}

std::optional<double> valueOf(const QDoubleSpinBox *box)
{
    return box->value() < 0 ? std::nullopt : std::optional(box->value());
}

} // namespace

ModelSettingsPage::ModelSettingsPage(QWidget *parent)
    : QWidget(parent)
    , m_list(new ModelList(this))
    , m_model(new QComboBox(this))
    , m_refresh(new QPushButton(tr("&Refresh"), this))
    , m_note(new QLabel(this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_topP(new QDoubleSpinBox(this))
    , m_maxTokens(new QSpinBox(this))
    , m_system(new QPlainTextEdit(this))
{
    m_model->setObjectName(QStringLiteral("modelCombo"));
    m_refresh->setObjectName(QStringLiteral("refreshModelsButton"));
    m_note->setObjectName(QStringLiteral("modelListNote"));
    m_temperature->setObjectName(QStringLiteral("temperatureSpin"));
    m_topP->setObjectName(QStringLiteral("topPSpin"));
    m_maxTokens->setObjectName(QStringLiteral("maxTokensSpin"));
    m_system->setObjectName(QStringLiteral("systemPromptEdit"));

    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->lineEdit()->setPlaceholderText(tr("The server's default"));
    m_model->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_refresh->setToolTip(tr("Ask the LLM server again which models it has"));
    m_note->setWordWrap(true);
    setUpDouble(m_temperature, 2, 0.05);
    m_temperature->setToolTip(tr("0 to 2: lower is more focused, higher more varied"));
    setUpDouble(m_topP, 1, 0.05);
    m_topP->setToolTip(tr("0 to 1: sample only from the most likely tokens adding up to this"));
    m_maxTokens->setRange(0, ChatOptions::kMaxTokensLimit);
    m_maxTokens->setSpecialValueText(tr("Server default"));
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setToolTip(tr("The most tokens an answer may have"));
    m_system->setPlaceholderText(
        tr("None: the server's default. A conversation can set its own in the bar above the "
           "chat."));
    m_system->setTabChangesFocus(true);

    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(m_refresh);
    // A label made here: a form row whose field is a layout gets no buddy.
    auto *modelLabel = new QLabel(tr("Mo&del:"), this);
    modelLabel->setBuddy(m_model);
    auto *form = new QFormLayout(this);
    form->addRow(modelLabel, modelRow);
    form->addRow(QString(), m_note);
    form->addRow(tr("&Temperature:"), m_temperature);
    form->addRow(tr("Top-&p:"), m_topP);
    form->addRow(tr("Max t&okens:"), m_maxTokens);
    form->addRow(tr("Default s&ystem prompt:"), m_system);

    connect(m_refresh, &QPushButton::clicked, this, &ModelSettingsPage::refreshRequested);
    connect(m_list, &ModelList::finished, this, &ModelSettingsPage::showModels);
}

void ModelSettingsPage::setOptions(const ChatOptions &options)
{
    m_model->setCurrentText(options.model.value_or(QString()));
    m_temperature->setValue(options.temperature.value_or(m_temperature->minimum()));
    m_topP->setValue(options.topP.value_or(m_topP->minimum()));
    m_maxTokens->setValue(options.maxTokens.value_or(0));
    m_system->setPlainText(options.system.value_or(QString()));
}

ChatOptions ModelSettingsPage::options() const
{
    ChatOptions options;
    const QString model = m_model->currentText().trimmed();
    if (!model.isEmpty())
        options.model = model.left(ChatOptions::kMaxModelChars);
    const QString system = m_system->toPlainText();
    if (!system.trimmed().isEmpty())
        options.system = system.left(ChatOptions::kMaxSystemChars);
    options.temperature = valueOf(m_temperature);
    options.topP = valueOf(m_topP);
    if (m_maxTokens->value() > 0)
        options.maxTokens = m_maxTokens->value();
    return options;
}

void ModelSettingsPage::refresh(const ModelSource &source)
{
    if (source.modelsUrl.isEmpty()) {
        showModels({}, source.note);
        return;
    }
    m_note->setText(tr("Asking %1 for its models…").arg(source.modelsUrl.toDisplayString()));
    m_refresh->setEnabled(false);
    m_list->fetch(source.modelsUrl, source.apiKey);
}

void ModelSettingsPage::showModels(const QStringList &models, const QString &note)
{
    // The name typed or chosen stays, listed or not: the user may know better.
    const QString chosen = m_model->currentText();
    m_model->clear();
    m_model->addItems(models);
    m_model->setCurrentText(chosen);
    m_refresh->setEnabled(true);
    m_note->setText(
        note.isEmpty() ? tr("Models listed by the LLM server: %1.").arg(models.size()) : note);
}

} // namespace rill
