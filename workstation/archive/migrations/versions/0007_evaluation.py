"""evaluation: 案卷评查 (rubric versions, plans, assignments, score sheets, deductions)

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('eval_rubric',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rubric_key', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eval_rubric')),
    sa.UniqueConstraint('rubric_key', 'content_hash', name='uq_eval_rubric_key_hash')
    )
    op.create_table('eval_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('rubric_id', sa.Integer(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('candidates', sa.JSON(), nullable=False),
    sa.Column('sample_size', sa.Integer(), nullable=True),
    sa.Column('seed', sa.BigInteger(), nullable=True),
    sa.Column('double_scoring', sa.Boolean(), nullable=False),
    sa.Column('blind', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closing_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['app_user.id'], name=op.f('fk_eval_plan_closed_by_id_app_user')),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_eval_plan_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['rubric_id'], ['eval_rubric.id'], name=op.f('fk_eval_plan_rubric_id_eval_rubric')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eval_plan'))
    )
    with op.batch_alter_table('eval_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eval_plan_rubric_id'), ['rubric_id'], unique=False)

    op.create_table('eval_plan_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_eval_plan_case_case_id_case_file'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['eval_plan.id'], name=op.f('fk_eval_plan_case_plan_id_eval_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eval_plan_case')),
    sa.UniqueConstraint('plan_id', 'case_id', name='uq_eval_plan_case_plan_case')
    )
    with op.batch_alter_table('eval_plan_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eval_plan_case_case_id'), ['case_id'], unique=False)

    op.create_table('eval_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_case_id', sa.Integer(), nullable=False),
    sa.Column('evaluator_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['app_user.id'], name=op.f('fk_eval_assignment_assigned_by_id_app_user')),
    sa.ForeignKeyConstraint(['evaluator_id'], ['app_user.id'], name=op.f('fk_eval_assignment_evaluator_id_app_user')),
    sa.ForeignKeyConstraint(['plan_case_id'], ['eval_plan_case.id'], name=op.f('fk_eval_assignment_plan_case_id_eval_plan_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eval_assignment')),
    sa.UniqueConstraint('plan_case_id', 'evaluator_id', name='uq_eval_assignment_case_evaluator'),
    sa.UniqueConstraint('plan_case_id', 'slot', name='uq_eval_assignment_case_slot')
    )
    with op.batch_alter_table('eval_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eval_assignment_evaluator_id'), ['evaluator_id'], unique=False)

    op.create_table('eval_sheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_case_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('revision_reason', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('deducted', sa.Float(), nullable=True),
    sa.Column('grade', sa.String(length=16), nullable=False),
    sa.Column('vetoed', sa.Boolean(), nullable=False),
    sa.Column('reconciliation', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['eval_assignment.id'], name=op.f('fk_eval_sheet_assignment_id_eval_assignment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_eval_sheet_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['plan_case_id'], ['eval_plan_case.id'], name=op.f('fk_eval_sheet_plan_case_id_eval_plan_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eval_sheet'))
    )
    with op.batch_alter_table('eval_sheet', schema=None) as batch_op:
        batch_op.create_index('ix_eval_sheet_plan_case', ['plan_case_id', 'assignment_id'], unique=False)

    op.create_table('eval_deduction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('item_code', sa.String(length=32), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('anchor', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_eval_deduction_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['sheet_id'], ['eval_sheet.id'], name=op.f('fk_eval_deduction_sheet_id_eval_sheet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eval_deduction'))
    )
    with op.batch_alter_table('eval_deduction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eval_deduction_sheet_id'), ['sheet_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('eval_deduction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eval_deduction_sheet_id'))

    op.drop_table('eval_deduction')
    with op.batch_alter_table('eval_sheet', schema=None) as batch_op:
        batch_op.drop_index('ix_eval_sheet_plan_case')

    op.drop_table('eval_sheet')
    with op.batch_alter_table('eval_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eval_assignment_evaluator_id'))

    op.drop_table('eval_assignment')
    with op.batch_alter_table('eval_plan_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eval_plan_case_case_id'))

    op.drop_table('eval_plan_case')
    with op.batch_alter_table('eval_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eval_plan_rubric_id'))

    op.drop_table('eval_plan')
    op.drop_table('eval_rubric')
