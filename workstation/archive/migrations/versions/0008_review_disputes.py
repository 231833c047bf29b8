"""review disputes: 复核 requests on signed 意见书, answers, 集体讨论; per-item remarks on
score sheets (merges the review 0006 and evaluation 0007 branches)

Revision ID: 0008
Revises: 0006, 0007
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = ('0006', '0007')
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('eval_sheet', sa.Column('item_notes', sa.JSON(), nullable=False, server_default='{}'))
    op.create_table('review_dispute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('request_deadline', sa.Date(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('requested_by', sa.String(length=200), nullable=False),
    sa.Column('request_reason', sa.Text(), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.Column('answer_due', sa.Date(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('answer_result', sa.String(length=16), nullable=False),
    sa.Column('answer_text', sa.Text(), nullable=False),
    sa.Column('changed_conclusion', sa.String(length=32), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('reply_pdf_blob_id', sa.Integer(), nullable=True),
    sa.Column('reply_pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('reply_docx_blob_id', sa.Integer(), nullable=True),
    sa.Column('reply_docx_sha256', sa.String(length=64), nullable=False),
    sa.Column('reply_pages', sa.Integer(), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=True),
    sa.Column('refer_reason', sa.Text(), nullable=False),
    sa.Column('discussed_on', sa.Date(), nullable=True),
    sa.Column('discussion', sa.JSON(), nullable=False),
    sa.Column('calendar_version', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['app_user.id'], name=op.f('fk_review_dispute_answered_by_id_app_user')),
    sa.ForeignKeyConstraint(['reply_docx_blob_id'], ['blob.id'], name=op.f('fk_review_dispute_reply_docx_blob_id_blob')),
    sa.ForeignKeyConstraint(['reply_pdf_blob_id'], ['blob.id'], name=op.f('fk_review_dispute_reply_pdf_blob_id_blob')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_review_dispute_case_id_case_file'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_review_dispute_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['submission_id'], ['review_submission.id'], name=op.f('fk_review_dispute_submission_id_review_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_dispute')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_review_dispute_submission_id'))
    )
    op.create_index(op.f('ix_review_dispute_case_id'), 'review_dispute', ['case_id'], unique=False)
    op.create_index(op.f('ix_review_dispute_reply_docx_blob_id'), 'review_dispute', ['reply_docx_blob_id'], unique=False)
    op.create_index(op.f('ix_review_dispute_reply_pdf_blob_id'), 'review_dispute', ['reply_pdf_blob_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_review_dispute_reply_pdf_blob_id'), table_name='review_dispute')
    op.drop_index(op.f('ix_review_dispute_reply_docx_blob_id'), table_name='review_dispute')
    op.drop_index(op.f('ix_review_dispute_case_id'), table_name='review_dispute')
    op.drop_table('review_dispute')
    op.drop_column('eval_sheet', 'item_notes')
