"""The staff side, /intern/: who may enter (access, login, roles, passwords), the
full tiltak list with its export and print view, and the staff reports
(kvalitet, oversikt, charts). Templates in templates/intern/."""
