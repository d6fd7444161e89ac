#pragma once

#include "ui/widgets/connectionsettings.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace rill {

// File ▸ Settings…: the embedded server or a remote one (URL and token).
// It opens with the stored settings and stores them when accepted; OK stays
// disabled while the remote URL cannot work, and a line says why.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    void setSettings(const ConnectionSettings &settings);
    ConnectionSettings settings() const;

    // The settings as last stored, from the application's QSettings.
    static ConnectionSettings storedSettings();

    void accept() override;

private:
    void updateState();

    QRadioButton *m_embedded;
    QRadioButton *m_remote;
    QLineEdit *m_url;
    QLineEdit *m_token;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace rill
