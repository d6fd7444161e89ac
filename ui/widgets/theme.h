#pragma once

#include <QObject>
#include <QPalette>
#include <QString>

#include <optional>

class QApplication;

namespace rill {

// The window's colours: the desktop's own, or Rill's light or dark palette.
enum class Theme { System, Light, Dark };

namespace Themes {
// "system", "light" and "dark", as --theme and the settings file spell them.
std::optional<Theme> fromName(const QString &name);
QString name(Theme theme);
// Rill's palettes, for the Fusion style. Every pair of colours the chat draws
// from them reads at WCAG AA contrast (tst_themecontrast).
QPalette light();
QPalette dark();
} // namespace Themes

// Applies a theme to the application. It remembers the desktop's own style and
// palette when it is made, so that "System" can go back to them at any time.
class ThemeSwitcher : public QObject
{
    Q_OBJECT
public:
    explicit ThemeSwitcher(QApplication *application, QObject *parent = nullptr);

    Theme current() const { return m_current; }
    // The theme last chosen in the window (System when none was).
    static Theme stored();

public slots:
    void apply(Theme theme);
    // Applies it and keeps it for the next start.
    void choose(Theme theme);

signals:
    void themeChanged(rill::Theme theme);

private:
    QApplication *m_application;
    QString m_systemStyle;
    QPalette m_systemPalette;
    Theme m_current = Theme::System;
};

} // namespace rill
