from odoo import fields, models


class RecouvrementLetterPrintWizard(models.TransientModel):
    _name = "recouvrement.letter.print.wizard"
    _description = "Print the letters of a day"

    date = fields.Date(
        string="Run date",
        required=True,
        default=fields.Date.context_today,
        help="Print every postal letter of the dunning run of this day not "
        "printed yet.",
    )

    def action_print(self):
        self.ensure_one()
        communications = self.env["recouvrement.communication"].search(
            [
                ("date", "=", self.date),
                ("company_id", "in", self.env.companies.ids),
                ("letter_printed", "=", False),
                ("state", "in", ("to_review", "sent")),
                "|",
                ("use_letter", "=", True),
                ("use_registered", "=", True),
            ]
        )
        if not communications:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._("No letter of that day is left to print."),
                },
            }
        if self.env["recouvrement.letter.batch"]._print_in_job(communications):
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._(
                        "The %(count)s letters are being printed in the background: "
                        "find them in Printed letters in a moment.",
                        count=len(communications),
                    ),
                },
            }
        return communications.action_print_letters()
