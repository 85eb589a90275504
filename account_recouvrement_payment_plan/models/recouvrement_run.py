from odoo import api, models


class RecouvrementRun(models.AbstractModel):
    _inherit = "recouvrement.run"

    @api.model
    def _cron_follow_up(self, commit=False):
        # the plans first: a plan breached today returns its invoices to the
        # dunning for tomorrow's run
        self.env["recouvrement.plan.follow"]._follow(commit=commit)
        return super()._cron_follow_up(commit=commit)

    def _demo_follow_up(self, day):
        # the past days the demos replay: the plans followed as by the cron
        result = super()._demo_follow_up(day)
        self.env["recouvrement.plan"]._demo_follow_plans(day)
        return result
