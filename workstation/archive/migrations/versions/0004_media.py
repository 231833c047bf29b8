"""media: derivatives of recordings, versioned transcripts, clips and clip exports

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-23

A parallel branch beside 0003 (filing); ``db.upgrade`` applies all heads.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('media_derivative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('params_key', sa.String(length=200), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('blob_sha256', sa.String(length=64), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['blob_sha256'], ['blob.sha256'], name=op.f('fk_media_derivative_blob_sha256_blob')),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_media_derivative_created_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_derivative')),
    sa.UniqueConstraint('source_sha256', 'kind', 'params_key', name='uq_media_derivative_source_kind')
    )
    op.create_index(op.f('ix_media_derivative_blob_sha256'), 'media_derivative', ['blob_sha256'], unique=False)
    op.create_index(op.f('ix_media_derivative_source_sha256'), 'media_derivative', ['source_sha256'], unique=False)

    op.create_table('transcript',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('based_on', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_transcript_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_transcript_item_id_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transcript')),
    sa.UniqueConstraint('item_id', 'version', name='uq_transcript_item_version')
    )
    op.create_index(op.f('ix_transcript_item_id'), 'transcript', ['item_id'], unique=False)

    op.create_table('transcript_segment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('transcript_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('start_ms', sa.BigInteger(), nullable=False),
    sa.Column('end_ms', sa.BigInteger(), nullable=False),
    sa.Column('speaker', sa.String(length=100), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['transcript_id'], ['transcript.id'], name=op.f('fk_transcript_segment_transcript_id_transcript'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transcript_segment'))
    )
    op.create_index('ix_transcript_segment_transcript_seq', 'transcript_segment', ['transcript_id', 'seq'], unique=False)

    op.create_table('media_clip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('start_ms', sa.Float(), nullable=False),
    sa.Column('end_ms', sa.Float(), nullable=False),
    sa.Column('start_pts', sa.BigInteger(), nullable=False),
    sa.Column('end_pts', sa.BigInteger(), nullable=False),
    sa.Column('time_base', sa.String(length=32), nullable=False),
    sa.Column('requested_start_ms', sa.Float(), nullable=False),
    sa.Column('requested_end_ms', sa.Float(), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('removed_at', sa.DateTime(), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_media_clip_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_media_clip_item_id_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['removed_by_id'], ['app_user.id'], name=op.f('fk_media_clip_removed_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_clip'))
    )
    op.create_index(op.f('ix_media_clip_item_id'), 'media_clip', ['item_id'], unique=False)

    op.create_table('media_clip_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clip_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('file_name', sa.String(length=1000), nullable=False),
    sa.Column('dest_path', sa.Text(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('sm3', sa.String(length=64), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('start_ms', sa.Float(), nullable=False),
    sa.Column('end_ms', sa.Float(), nullable=False),
    sa.Column('requested_start_ms', sa.Float(), nullable=False),
    sa.Column('requested_end_ms', sa.Float(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('exported_by_id', sa.Integer(), nullable=True),
    sa.Column('exported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clip_id'], ['media_clip.id'], name=op.f('fk_media_clip_export_clip_id_media_clip'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['exported_by_id'], ['app_user.id'], name=op.f('fk_media_clip_export_exported_by_id_app_user')),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_media_clip_export_item_id_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_clip_export'))
    )
    op.create_index(op.f('ix_media_clip_export_clip_id'), 'media_clip_export', ['clip_id'], unique=False)
    op.create_index(op.f('ix_media_clip_export_item_id'), 'media_clip_export', ['item_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_media_clip_export_item_id'), table_name='media_clip_export')
    op.drop_index(op.f('ix_media_clip_export_clip_id'), table_name='media_clip_export')
    op.drop_table('media_clip_export')
    op.drop_index(op.f('ix_media_clip_item_id'), table_name='media_clip')
    op.drop_table('media_clip')
    op.drop_index('ix_transcript_segment_transcript_seq', table_name='transcript_segment')
    op.drop_table('transcript_segment')
    op.drop_index(op.f('ix_transcript_item_id'), table_name='transcript')
    op.drop_table('transcript')
    op.drop_index(op.f('ix_media_derivative_source_sha256'), table_name='media_derivative')
    op.drop_index(op.f('ix_media_derivative_blob_sha256'), table_name='media_derivative')
    op.drop_table('media_derivative')
