import { registry } from "@web/core/registry";

import { waitForIdleNetwork } from "@account_recouvrement_base/js/tours/tour_utils";

// The credit controller opens the review queue, opens a reminder and sends it.
// Prepared by tests/test_tour.py: one reminder of "Boulangerie Martin" to review.
registry.category("web_tour.tours").add("account_recouvrement_review_queue_tour", {
    url: "/odoo/action-account_recouvrement_base.action_recouvrement_review_queue",
    steps: () => [
        {
            content: "The review queue lists the reminder to review",
            trigger: ".o_list_view .o_data_row td[name='partner_id']:contains('Boulangerie Martin')",
            run: "click",
        },
        {
            content: "The reminder opens, waiting for review",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='to_review']",
        },
        {
            content: "The chatter has loaded, nothing is pending",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Ready for review')",
            run: () => waitForIdleNetwork(),
        },
        {
            content: "Send it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_send']",
            run: "click",
        },
        {
            content: "It is sent",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='sent']",
        },
        {
            content: "The Send button is gone",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_send']))",
        },
        {
            // let the chatter finish loading the new messages before the tour
            // ends, so no request is cut off when the browser closes
            content: "The chatter shows the sending",
            trigger: ".o-mail-Chatter .o-mail-Message:not(:contains('Ready for review'))",
            // the letter's thumbnail is saved after the PDF preview renders
            run: () => waitForIdleNetwork(1000),
        },
    ],
});
