import type { BaseModelEntity } from '@alloy/db';
import { ApiProperty } from '@nestjs/swagger';

export class ArtifactFileDto {
  @ApiProperty() path!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() bytes!: number;
}

export class TokenizerInfoDto {
  @ApiProperty({ nullable: true, type: String }) type!: string | null;
  @ApiProperty({ nullable: true, type: Number }) vocabSize!: number | null;
  @ApiProperty() hasChatTemplate!: boolean;
  @ApiProperty({ type: [String] }) files!: string[];
}

export class BaseModelDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'LlamaForCausalLM' }) architecture!: string;
  @ApiProperty() modelType!: string;
  @ApiProperty() parameterCount!: number;
  @ApiProperty() contextLength!: number;
  @ApiProperty({ type: TokenizerInfoDto }) tokenizer!: TokenizerInfoDto;
  @ApiProperty({
    description:
      "the artifact's key on the artifact store (e.g. models/llama-3-8b), never a file path or URL",
  })
  artifactUri!: string;
  @ApiProperty({ type: [ArtifactFileDto] }) files!: ArtifactFileDto[];
  @ApiProperty() createdAt!: string;

  static from(e: BaseModelEntity): BaseModelDto {
    return {
      id: e.id,
      name: e.name,
      description: e.description,
      architecture: e.architecture,
      modelType: e.modelType,
      parameterCount: e.parameterCount,
      contextLength: e.contextLength,
      tokenizer: e.tokenizer,
      artifactUri: e.artifactKey,
      files: e.files,
      createdAt: e.createdAt.toISOString(),
    };
  }
}

export class BaseModelListDto {
  @ApiProperty({ type: [BaseModelDto] }) items!: BaseModelDto[];
}
