"""The factor's file of a batch (issue #14): stored once per batch, written
again with the same bytes, checked against the ledger, refused with every
faulty document listed."""

import base64
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FactorCommon


@tagged("post_install", "-at_install")
class TestFactorFile(FactorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.name = "Société Test"
        cls.cafe = cls.env["res.partner"].create(
            {
                "name": "Café Crème Élysée",
                "is_company": True,
                "company_registry": "55210055400013",
                "ref": "C-CAFE",
                "country_id": cls.env.ref("base.fr").id,
                "recouvrement_factor_contract_id": cls.contract.id,
            }
        )
        cls.long_name = cls.env["res.partner"].create(
            {
                "name": "Établissements Dupont et Fils Réunis de Bourgogne",
                "is_company": True,
                "company_registry": "44306184100047",
                "ref": "C-DUPONT",
                "country_id": cls.env.ref("base.fr").id,
                "recouvrement_factor_contract_id": cls.contract.id,
            }
        )

    def _documents(self):
        invoice = self._post_invoice(partner=self.cafe, amount=1234.56)
        credit_note = self._credit_note(invoice, 200.0, on=date(2026, 2, 5))
        other = self._post_invoice(
            partner=self.long_name,
            amount=99.9,
            invoice_date=date(2026, 2, 10),
            due=date(2026, 4, 30),
        )
        self.assertEqual(
            (invoice | credit_note | other).mapped("name"),
            ["INV/2026/00001", "RINV/2026/00001", "INV/2026/00002"],
        )
        batch = self._batch(invoice | credit_note | other)
        batch.name = "AFF/2026/0042"
        return batch

    def _file(self, batch):
        return base64.b64decode(batch.file_attachment_id.datas)

    def test_bpce_file_byte_exact_and_written_again_identically(self):
        batch = self._documents()
        batch.action_generate_file()
        self.assertEqual(batch.state, "sent")
        attachment = batch.file_attachment_id
        self.assertEqual(attachment.name, "AFF-2026-0042.txt")
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (batch._name, batch.id)
        )
        # fmt: off
        expected = [
            "01" "CLI0042   " "15022026" "AFF/2026/0042       " "EUR"
            "SOCIETE TEST                       " + " " * 197,
            "02" "000001" "55210055400013" "CAFE CREME ELYSEE                  "
            "C-CAFE         " "D" "INV/2026/00001                " "FAC"
            "31012026" "02032026" "0000000123456" "EUR"
            "                              " + " " * 107,
            "02" "000002" "55210055400013" "CAFE CREME ELYSEE                  "
            "C-CAFE         " "D" "RINV/2026/00001               " "AVO"
            "05022026" "05022026" "0000000020000" "EUR"
            "INV/2026/00001                " + " " * 107,
            "02" "000003" "44306184100047" "ETABLISSEMENTS DUPONT ET FILS REUNI"
            "C-DUPONT       " "D" "INV/2026/00002                " "FAC"
            "10022026" "30042026" "0000000009990" "EUR"
            "                              " + " " * 107,
            "09" "000003" "0000000133446" "0000000020000" "+" "0000000113446"
            + " " * 227,
        ]
        # fmt: on
        raw = self._file(batch)
        self.assertEqual(raw, "".join(line + "\r\n" for line in expected).encode())
        self.assertEqual(batch.amount_total, 1134.46)
        # written again: the same attachment, the same bytes
        batch.action_generate_file()
        self.assertEqual(batch.file_attachment_id, attachment)
        self.assertEqual(self._file(batch), raw)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", batch._name), ("res_id", "=", batch.id)]
            ),
            1,
        )

    def test_eurofactor_and_csv_files(self):
        batch = self._documents()
        self.contract.file_format = "eurofactor"
        batch.action_generate_file()
        self.assertEqual(batch.file_attachment_id.name, "AFF-2026-0042.csv")
        self.assertEqual(
            self._file(batch),
            b"CLI0042;552100554;INV/2026/00001;1234.56;20260131;20260302;F;\r\n"
            b"CLI0042;552100554;RINV/2026/00001;200.00;20260205;20260205;A;"
            b"INV/2026/00001\r\n"
            b"CLI0042;443061841;INV/2026/00002;99.90;20260210;20260430;F;\r\n",
        )
        self.contract.file_format = "csv"
        batch.action_generate_file()
        self.assertEqual(
            self._file(batch).decode().split("\r\n"),
            [
                "batch,client_code,document,type,customer_ref,customer,siret,"
                "invoice_date,due_date,amount,currency,origin",
                "AFF/2026/0042,CLI0042,INV/2026/00001,invoice,C-CAFE,"
                "Café Crème Élysée,55210055400013,2026-01-31,2026-03-02,1234.56,"
                "EUR,",
                "AFF/2026/0042,CLI0042,RINV/2026/00001,credit_note,C-CAFE,"
                "Café Crème Élysée,55210055400013,2026-02-05,2026-02-05,200.00,"
                "EUR,INV/2026/00001",
                "AFF/2026/0042,CLI0042,INV/2026/00002,invoice,C-DUPONT,"
                "Établissements Dupont et Fils Réunis de Bourgogne,"
                "44306184100047,2026-02-10,2026-04-30,99.90,EUR,",
                "",
            ],
        )

    def test_the_ledger_check_refuses_a_mismatch(self):
        batch = self._documents()
        invoice = batch.move_ids.filtered(lambda move: move.name == "INV/2026/00001")
        # paid in part after it was put in the batch: the receivable line no
        # longer carries what the file would transfer
        self._pay(invoice, 100.0, date(2026, 2, 12))
        with self.assertRefused(
            UserError,
            r"the documents add up to 1134.46 but their receivable lines carry "
            r"1034.46 in the ledger",
        ):
            batch.action_generate_file()
        self.assertFalse(batch.file_attachment_id)
        self.assertEqual(batch.state, "draft")
        with self.assertRefused(UserError, "already paid or credited in part"):
            batch.action_confirm()
        self.assertFalse(batch.account_move_id)

    def test_every_faulty_document_in_one_error_and_no_file(self):
        no_siret = self.env["res.partner"].create(
            {
                "name": "Sans SIRET",
                "is_company": True,
                "recouvrement_factor_contract_id": self.contract.id,
            }
        )
        chinese = self.env["res.partner"].create(
            {
                "name": "北京贸易",
                "is_company": True,
                "company_registry": "35600000000048",
                "country_id": self.env.ref("base.fr").id,
                "recouvrement_factor_contract_id": self.contract.id,
            }
        )
        first = self._post_invoice(partner=no_siret, amount=100.0)
        orphan = self._credit_note(first, 10.0)
        orphan.reversed_entry_id = False
        other = self._post_invoice(partner=chinese, amount=100.0)
        batch = self._batch(first | orphan | other)
        with self.assertRaises(UserError) as caught, self.env.cr.savepoint():
            batch.action_generate_file()
        self.env.invalidate_all()
        self.assertEqual(
            str(caught.exception),
            f"The file of {batch.name} for BPCE Factor cannot be written:\n"
            f"{first.name}: the customer has no valid SIRET\n"
            f"{other.name}: a name or number the factor's file cannot encode "
            "(北京贸易)\n"
            f"{orphan.name}: credit note without the invoice it credits\n"
            f"{orphan.name}: the customer has no valid SIRET",
        )
        self.assertFalse(batch.file_attachment_id)
        self.assertEqual(batch.state, "draft")
