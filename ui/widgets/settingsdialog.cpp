#include "ui/widgets/settingsdialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>

namespace rill {

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_embedded(new QRadioButton(tr("&Embedded server (on this computer)"), this))
    , m_remote(new QRadioButton(tr("&Remote server"), this))
    , m_url(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
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

    auto *remoteForm = new QFormLayout;
    remoteForm->setContentsMargins(24, 0, 0, 0); // indented under its radio button
    remoteForm->addRow(tr("&URL:"), m_url);
    remoteForm->addRow(QString(), m_problem);
    remoteForm->addRow(tr("&Token:"), m_token);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_embedded);
    layout->addWidget(m_remote);
    layout->addLayout(remoteForm);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_remote, &QRadioButton::toggled, this, &SettingsDialog::updateState);
    connect(m_url, &QLineEdit::textChanged, this, &SettingsDialog::updateState);

    setSettings(storedSettings());
    resize(440, sizeHint().height());
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

ConnectionSettings SettingsDialog::storedSettings()
{
    return ConnectionSettings::load(QSettings());
}

void SettingsDialog::accept()
{
    if (m_remote->isChecked() && !ConnectionSettings::urlProblem(m_url->text()).isEmpty())
        return; // OK is disabled then; this guards against Enter in a field
    QSettings stored;
    settings().save(stored);
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
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!remote || ConnectionSettings::urlProblem(m_url->text()).isEmpty());
}

} // namespace rill
