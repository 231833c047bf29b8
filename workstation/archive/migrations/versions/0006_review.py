"""review: annotations and their history, anchor links, 法制审核 submissions, checklist,
signed 意见书, the working-day override table

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa



revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workday_override',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('workday', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_workday_override_created_by_id_app_user')),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_workday_override'))
    )
    op.create_table('review_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('submitting_unit', sa.String(length=200), nullable=False),
    sa.Column('submitted_by', sa.String(length=100), nullable=False),
    sa.Column('major_category', sa.String(length=200), nullable=False),
    sa.Column('proposed_decision', sa.JSON(), nullable=False),
    sa.Column('materials', sa.JSON(), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=True),
    sa.Column('limit_days', sa.Integer(), nullable=False),
    sa.Column('next_day', sa.Boolean(), nullable=False),
    sa.Column('extension_days', sa.Integer(), nullable=False),
    sa.Column('extension', sa.JSON(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('calendar_version', sa.String(length=64), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_qualification', sa.String(length=100), nullable=False),
    sa.Column('conclusion', sa.String(length=32), nullable=False),
    sa.Column('conclusion_note', sa.Text(), nullable=False),
    sa.Column('concluded_on', sa.Date(), nullable=True),
    sa.Column('returned_reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_review_submission_case_id_case_file'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_review_submission_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['app_user.id'], name=op.f('fk_review_submission_reviewer_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_submission')),
    sa.UniqueConstraint('case_id', 'round', name='uq_review_submission_case_id')
    )
    op.create_table('review_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('point', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('suggestion', sa.Text(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['review_submission.id'], name=op.f('fk_review_check_submission_id_review_submission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['app_user.id'], name=op.f('fk_review_check_updated_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_check')),
    sa.UniqueConstraint('submission_id', 'point', name='uq_review_check_submission_id')
    )
    op.create_table('review_opinion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('pdf_blob_id', sa.Integer(), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('docx_blob_id', sa.Integer(), nullable=False),
    sa.Column('docx_sha256', sa.String(length=64), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('signed_by_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_review_opinion_case_id_case_file'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['docx_blob_id'], ['blob.id'], name=op.f('fk_review_opinion_docx_blob_id_blob')),
    sa.ForeignKeyConstraint(['pdf_blob_id'], ['blob.id'], name=op.f('fk_review_opinion_pdf_blob_id_blob')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['app_user.id'], name=op.f('fk_review_opinion_signed_by_id_app_user')),
    sa.ForeignKeyConstraint(['submission_id'], ['review_submission.id'], name=op.f('fk_review_opinion_submission_id_review_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_opinion')),
    sa.UniqueConstraint('number', name=op.f('uq_review_opinion_number')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_review_opinion_submission_id'))
    )
    op.create_index(op.f('ix_review_opinion_case_id'), 'review_opinion', ['case_id'], unique=False)
    op.create_index(op.f('ix_review_opinion_docx_blob_id'), 'review_opinion', ['docx_blob_id'], unique=False)
    op.create_index(op.f('ix_review_opinion_pdf_blob_id'), 'review_opinion', ['pdf_blob_id'], unique=False)
    op.create_table('anchor_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('a_item_id', sa.Integer(), nullable=False),
    sa.Column('a_anchor', sa.JSON(), nullable=False),
    sa.Column('b_item_id', sa.Integer(), nullable=False),
    sa.Column('b_anchor', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['a_item_id'], ['item.id'], name=op.f('fk_anchor_link_a_item_id_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['app_user.id'], name=op.f('fk_anchor_link_author_id_app_user')),
    sa.ForeignKeyConstraint(['b_item_id'], ['item.id'], name=op.f('fk_anchor_link_b_item_id_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_anchor_link_case_id_case_file'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_anchor_link'))
    )
    op.create_index(op.f('ix_anchor_link_a_item_id'), 'anchor_link', ['a_item_id'], unique=False)
    op.create_index(op.f('ix_anchor_link_b_item_id'), 'anchor_link', ['b_item_id'], unique=False)
    op.create_index(op.f('ix_anchor_link_case_id'), 'anchor_link', ['case_id'], unique=False)
    op.create_table('annotation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('rect', sa.JSON(), nullable=False),
    sa.Column('quads', sa.JSON(), nullable=False),
    sa.Column('start_ms', sa.BigInteger(), nullable=True),
    sa.Column('end_ms', sa.BigInteger(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['app_user.id'], name=op.f('fk_annotation_author_id_app_user')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_annotation_case_id_case_file'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_annotation_item_id_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation'))
    )
    op.create_index('ix_annotation_case_item', 'annotation', ['case_id', 'item_id'], unique=False)
    op.create_table('annotation_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('annotation_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotation.id'], name=op.f('fk_annotation_revision_annotation_id_annotation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['editor_id'], ['app_user.id'], name=op.f('fk_annotation_revision_editor_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation_revision')),
    sa.UniqueConstraint('annotation_id', 'revision', name='uq_annotation_revision_annotation_id')
    )


def downgrade() -> None:
    op.drop_table('annotation_revision')
    op.drop_index('ix_annotation_case_item', table_name='annotation')
    op.drop_table('annotation')
    op.drop_index(op.f('ix_anchor_link_case_id'), table_name='anchor_link')
    op.drop_index(op.f('ix_anchor_link_b_item_id'), table_name='anchor_link')
    op.drop_index(op.f('ix_anchor_link_a_item_id'), table_name='anchor_link')
    op.drop_table('anchor_link')
    op.drop_index(op.f('ix_review_opinion_pdf_blob_id'), table_name='review_opinion')
    op.drop_index(op.f('ix_review_opinion_docx_blob_id'), table_name='review_opinion')
    op.drop_index(op.f('ix_review_opinion_case_id'), table_name='review_opinion')
    op.drop_table('review_opinion')
    op.drop_table('review_check')
    op.drop_table('review_submission')
    op.drop_table('workday_override')
